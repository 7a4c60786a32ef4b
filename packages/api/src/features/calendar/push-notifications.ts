import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  type BookingCalendarConnection,
  bookingCalendarConnections,
} from '../../db/schema/index.ts';
import { tenantDb } from '../../db/tenant-db.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import { type PushChannel, sha256Hex } from '../../integrations/oauth/push-calendar.ts';
import { isOAuthConnection } from './oauth-tokens.ts';
import { ensurePushChannels } from './push-channels.ts';
import { type PushState, patchState, syncPushConnection } from './push-sync.ts';
import type { SyncEnv } from './sync-env.ts';

/** What a notification asks for, once its channel and token are checked. */
export type PushWork = 'sync' | 'full_sync' | 'renew' | 'resubscribe';

export interface PushNotice {
  channelId: string;
  /** Google's X-Goog-Channel-Token or Graph's clientState. */
  token: string | null;
  work: PushWork | 'none';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Google: one notification per request, described by headers. */
export function googleNotice(headers: (name: string) => string | undefined): PushNotice[] {
  const channelId = headers('x-goog-channel-id');
  if (!channelId) return [];
  const state = headers('x-goog-resource-state');
  // `sync` only says the channel works; `exists` / `not_exists`: something changed.
  return [
    {
      channelId,
      token: headers('x-goog-channel-token') ?? null,
      work: state === 'sync' ? 'none' : 'sync',
    },
  ];
}

/** Graph: a batch of change and lifecycle notifications in the body. */
export function graphNotices(body: unknown): PushNotice[] {
  const value = (body as { value?: unknown })?.value;
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: Record<string, unknown>) => {
    if (typeof item?.subscriptionId !== 'string') return [];
    const lifecycle = item.lifecycleEvent;
    const work: PushWork =
      lifecycle === 'reauthorizationRequired'
        ? 'renew'
        : lifecycle === 'subscriptionRemoved'
          ? 'resubscribe'
          : lifecycle === 'missed'
            ? 'full_sync'
            : 'sync';
    return [
      {
        channelId: item.subscriptionId,
        token: typeof item.clientState === 'string' ? item.clientState : null,
        work,
      },
    ];
  });
}

/** The connection behind `/webhooks/calendar/:id`, when it is a Google or Microsoft one. */
export async function pushConnection(
  db: Database,
  connectionId: string,
): Promise<BookingCalendarConnection | null> {
  if (!UUID.test(connectionId)) return null;
  const [row] = await db
    .select()
    .from(bookingCalendarConnections)
    .where(eq(bookingCalendarConnections.id, connectionId));
  return row && isOAuthConnection(row) ? row : null;
}

/**
 * The notices whose channel is one of the connection's and whose token matches the one
 * we gave the provider (compared as SHA-256 hashes); everything else is ignored, so a
 * forged notification cannot make us call the provider.
 */
export async function verifiedWork(
  connection: BookingCalendarConnection,
  notices: PushNotice[],
): Promise<Array<{ channel: PushChannel; work: PushWork }>> {
  const channels = (connection.sync_state as PushState).channels ?? [];
  const accepted: Array<{ channel: PushChannel; work: PushWork }> = [];
  for (const notice of notices) {
    const channel = channels.find((candidate) => candidate.id === notice.channelId);
    if (!channel || notice.token === null || notice.work === 'none') continue;
    if ((await sha256Hex(notice.token)) !== channel.token_hash) continue;
    accepted.push({ channel, work: notice.work });
  }
  return accepted;
}

/** Does what verified notifications ask, after the provider has had its answer. */
export async function runPushWork(
  db: Database,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  work: Array<{ channel: PushChannel; work: PushWork }>,
  now: Date,
): Promise<void> {
  const tdb = tenantDb(db, connection.tenant_id);
  const kinds = new Set(work.map((item) => item.work));
  try {
    if (kinds.has('renew') || kinds.has('resubscribe')) {
      const stale = new Set(
        work.filter((item) => item.work !== 'sync').map((item) => item.channel.id),
      );
      const channels = ((connection.sync_state as PushState).channels ?? []).flatMap((channel) => {
        if (!stale.has(channel.id)) return [channel];
        const item = work.find((candidate) => candidate.channel.id === channel.id);
        // Renew: due now. Removed by the provider: forget it, a new one is opened.
        return item?.work === 'renew' ? [{ ...channel, expires_at: now.toISOString() }] : [];
      });
      await patchState(tdb, connection.id, { channels });
      const fresh = await tdb.get(bookingCalendarConnections, connection.id);
      if (fresh) await ensurePushChannels(tdb, env, fresh, now);
    }
    if (kinds.has('sync') || kinds.has('full_sync')) {
      const fresh = await tdb.get(bookingCalendarConnections, connection.id);
      if (fresh) await syncPushConnection(tdb, env, fresh, now, { full: kinds.has('full_sync') });
    }
  } catch (error) {
    if (!(error instanceof CalendarUnreachableError)) console.error('calendar push', error);
  }
}
