import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  type BookingCalendarConnection,
  bookingCalendarConnections,
} from '../../db/schema/index.ts';
import { type TenantDb, tenantDb } from '../../db/tenant-db.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import {
  type PushChannel,
  randomToken,
  sha256Hex,
} from '../../integrations/oauth/push-calendar.ts';
import { withAccessToken } from './oauth-tokens.ts';
import { type PushState, patchState, pushApi } from './push-sync.ts';
import type { SyncEnv } from './sync-env.ts';

/**
 * Channels are renewed this long before they expire: Google's live 7 days, Graph's
 * about 70 hours; a day's margin leaves the once-a-minute cron many chances.
 */
export const RENEW_BEFORE_MS = 24 * 3_600_000;

/** Where providers send change notifications for one connection. */
export function notificationAddress(env: SyncEnv, connectionId: string): string | null {
  if (!env.PUBLIC_BASE_URL) return null;
  return `${env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/booking/v1/webhooks/calendar/${connectionId}`;
}

/**
 * Makes sure every busy calendar of the connection has a push channel that is not about
 * to expire: renewed in place where the provider allows (Graph), else a new channel is
 * opened and the old one stopped (Google). Channels of calendars no longer busy are
 * closed. Records the soonest renewal time for the cron. Without a public address
 * (PUBLIC_BASE_URL unset) nothing is opened and the safety poll alone keeps it fresh.
 */
export async function ensurePushChannels(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  now: Date,
): Promise<PushChannel[]> {
  const address = notificationAddress(env, connection.id);
  if (!address || connection.status === 'revoked') return [];
  const api = pushApi(env, connection.provider);
  const state = connection.sync_state as PushState;
  const existing = state.channels ?? [];
  const kept: PushChannel[] = [];
  const renewBy = now.getTime() + RENEW_BEFORE_MS;
  await withAccessToken(tdb, env, connection, now, async (call) => {
    for (const calendar of connection.calendars) {
      if (!calendar.busy) continue;
      const current = existing.find((channel) => channel.calendar_id === calendar.id);
      if (current && new Date(current.expires_at).getTime() > renewBy) {
        kept.push(current);
        continue;
      }
      const renewed = current ? await api.renew(call, current) : null;
      if (renewed) {
        kept.push(renewed);
        continue;
      }
      const token = randomToken();
      kept.push(
        await api.subscribe(call, calendar.id, {
          address,
          connectionId: connection.id,
          token,
          tokenHash: await sha256Hex(token),
        }),
      );
    }
    // Replaced or no longer wanted: stopped, best effort (they expire on their own anyway).
    const live = new Set(kept.map((channel) => channel.id));
    for (const channel of existing)
      if (!live.has(channel.id)) await api.unsubscribe(call, channel).catch(() => undefined);
  });
  const soonest = Math.min(...kept.map((channel) => new Date(channel.expires_at).getTime()));
  await patchState(tdb, connection.id, {
    channels: kept,
    // No busy calendar: look again in a day (the owner may choose one meanwhile).
    push_renew_at: new Date(
      kept.length > 0 ? soonest - RENEW_BEFORE_MS : now.getTime() + RENEW_BEFORE_MS,
    ).toISOString(),
  });
  return kept;
}

/**
 * The cron's part: renews the channels of active Google and Microsoft connections whose
 * renewal time has come (before they expire, never after), a few per tick.
 */
export async function renewPushChannels(
  db: Database,
  env: SyncEnv,
  now: Date,
  limit = 10,
): Promise<number> {
  if (!env.PUBLIC_BASE_URL) return 0;
  const due = await db
    .select()
    .from(bookingCalendarConnections)
    .where(
      and(
        inArray(bookingCalendarConnections.provider, ['google', 'microsoft']),
        eq(bookingCalendarConnections.status, 'active'),
        isNotNull(bookingCalendarConnections.refresh_token_encrypted),
        sql`coalesce((${bookingCalendarConnections.sync_state}->>'push_renew_at')::timestamptz, '-infinity') <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .limit(limit);
  let renewed = 0;
  for (const connection of due) {
    try {
      await ensurePushChannels(tenantDb(db, connection.tenant_id), env, connection, now);
      renewed++;
    } catch (error) {
      if (!(error instanceof CalendarUnreachableError)) console.error('calendar channels', error);
      // Try again in 15 minutes rather than on every tick.
      await patchState(tenantDb(db, connection.tenant_id), connection.id, {
        push_renew_at: new Date(now.getTime() + 15 * 60_000).toISOString(),
      }).catch(() => undefined);
    }
  }
  return renewed;
}
