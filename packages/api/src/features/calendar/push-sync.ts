import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import {
  type BookingCalendarConnection,
  bookingCalendarConnections,
  bookingExternalBusy,
  bookingStaff,
  type ConnectionCalendar,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import { googleCalendarApi } from '../../integrations/google/google-calendar.ts';
import { graphCalendarApi } from '../../integrations/microsoft/graph-calendar.ts';
import {
  CalendarRateLimitedError,
  CursorExpiredError,
} from '../../integrations/oauth/provider-api.ts';
import type {
  ChangeRead,
  PushCalendarApi,
  PushChannel,
} from '../../integrations/oauth/push-calendar.ts';
import { withAccessToken } from './oauth-tokens.ts';
import type { SyncEnv, SyncResult } from './sync-env.ts';
import { patchState } from './sync-state.ts';
import { ownEventIds, type WriteState } from './write-back.ts';

/** What a Google or Microsoft connection keeps in `sync_state`. */
export interface PushState {
  /** Per calendar id: Google's nextSyncToken or Graph's deltaLink. */
  cursors?: Record<string, string>;
  /** The end of the window the last full read covered; past it, read in full again. */
  full_until?: string;
  channels?: PushChannel[];
  /** When the soonest channel must be renewed (the cron looks at this). */
  push_renew_at?: string | null;
  /** The provider said 429: no call before this instant. */
  retry_after_until?: string | null;
  /** Between consent and callback: SHA-256 of the state and the encrypted PKCE verifier. */
  oauth_state_hash?: string | null;
  pkce_verifier?: string | null;
}

/** A full read covers this much beyond the bookable window, so daily polls stay incremental. */
const FULL_READ_MARGIN_DAYS = 7;

export function pushApi(env: SyncEnv, provider: string): PushCalendarApi {
  if (provider === 'google') return googleCalendarApi(env);
  if (provider === 'microsoft') return graphCalendarApi(env);
  throw new CalendarUnreachableError(`provider ${provider} has no push API`);
}

export { patchState } from './sync-state.ts';

/** The source_uid prefix of a calendar's events: `<calendar id>#<event id>`. */
const prefixOf = (calendarId: string) => `${calendarId}#`;

/** Keeps the owner's choices; a calendar seen for the first time blocks only when primary. */
export function mergePushCalendars(
  previous: readonly ConnectionCalendar[],
  found: Array<{ id: string; name: string; primary: boolean }>,
): ConnectionCalendar[] {
  const before = new Map(previous.map((calendar) => [calendar.id, calendar]));
  return found.map((calendar) => ({
    id: calendar.id,
    name: calendar.name,
    // Holidays, birthdays and shared team calendars must not block by surprise.
    busy: before.get(calendar.id)?.busy ?? calendar.primary,
    write: before.get(calendar.id)?.write ?? false,
  }));
}

/**
 * Syncs a Google or Microsoft connection: the changes since each calendar's cursor
 * (sync token / delta link), or a full read of the window when there is none, it
 * expired (410) or the window grew past the last full read. Changes land in one
 * transaction. A provider error keeps every busy time as it was and records
 * `last_error`; a 429 also records until when no call is made (Retry-After).
 */
export async function syncPushConnection(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  now: Date,
  options: { full?: boolean } = {},
): Promise<SyncResult> {
  const state = connection.sync_state as PushState;
  if (connection.status === 'revoked')
    throw new CalendarUnreachableError(connection.last_error ?? 'the connection was revoked');
  if (state.retry_after_until && new Date(state.retry_after_until) > now)
    throw new CalendarUnreachableError(
      `${connection.provider} rate limited the sync; next try after ${state.retry_after_until}`,
    );
  const staff = await tdb.get(bookingStaff, connection.staff_id);
  const tenant = await tdb.tenant();
  if (!staff || !tenant) throw new CalendarUnreachableError('the staff member is gone');
  const meaning = {
    zone: staff.timezone ?? tenant.timezone,
    allDayBlocks: connection.all_day_blocks,
    tentativeBlocks: connection.tentative_blocks,
    // Bookings written to these calendars come back in the reads: never as busy time.
    ownEventIds: ownEventIds(connection.sync_state as WriteState),
  };
  const from = now;
  const to = new Date(now.getTime() + (staff.max_advance_booking_days + 1) * 86_400_000);
  const fullUntil = state.full_until ? new Date(state.full_until) : null;
  const full = options.full || !fullUntil || fullUntil < to;
  const window = {
    from,
    to: full ? new Date(to.getTime() + FULL_READ_MARGIN_DAYS * 86_400_000) : (fullUntil ?? to),
  };
  const api = pushApi(env, connection.provider);

  let calendars = connection.calendars;
  const reads = new Map<string, ChangeRead>();
  try {
    await withAccessToken(tdb, env, connection, now, async (call) => {
      if (full || calendars.length === 0)
        calendars = mergePushCalendars(calendars, await api.listCalendars(call));
      for (const calendar of calendars) {
        if (!calendar.busy) continue;
        const cursor = full ? null : (state.cursors?.[calendar.id] ?? null);
        try {
          reads.set(calendar.id, await api.readChanges(call, calendar.id, cursor, window, meaning));
        } catch (error) {
          if (!(error instanceof CursorExpiredError) || !cursor) throw error;
          // 410 Gone: the cursor is too old; this calendar is read in full again.
          reads.set(calendar.id, await api.readChanges(call, calendar.id, null, window, meaning));
        }
      }
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fresh = await tdb.get(bookingCalendarConnections, connection.id);
    if (fresh?.status !== 'revoked')
      await patchState(
        tdb,
        connection.id,
        error instanceof CalendarRateLimitedError
          ? {
              retry_after_until: new Date(
                now.getTime() + error.retryAfterSeconds * 1000,
              ).toISOString(),
            }
          : {},
        {
          status: 'error',
          last_error: message.slice(0, 1000),
          last_attempted_at: now,
          updated_at: now,
        },
      );
    throw error instanceof CalendarUnreachableError
      ? error
      : new CalendarUnreachableError(`sync failed: ${message}`);
  }

  const cursors: Record<string, string> = {};
  await tdb.transaction(async (tx) => {
    const scoped = (...conditions: SQL[]): SQL =>
      and(eq(bookingExternalBusy.connection_id, connection.id), ...conditions) ?? sql`false`;
    // A full read replaces everything, also what calendars that vanished left behind.
    if (full) await tx.delete(bookingExternalBusy, scoped());
    for (const calendar of calendars) {
      const read = reads.get(calendar.id);
      const prefix = prefixOf(calendar.id);
      if (!read || read.full) {
        // Not read (no longer busy) or read in full: nothing of it stays but what was read.
        await tx.delete(
          bookingExternalBusy,
          scoped(sql`starts_with(${bookingExternalBusy.source_uid}, ${prefix})`),
        );
      } else if (read.changes.length > 0) {
        const keys = read.changes.map((change) => `${prefix}${change.id}`.slice(0, 1024));
        for (let i = 0; i < keys.length; i += 500)
          await tx.delete(
            bookingExternalBusy,
            scoped(inArray(bookingExternalBusy.source_uid, keys.slice(i, i + 500))),
          );
      }
      if (!read) continue;
      cursors[calendar.id] = read.cursor;
      const rows = read.changes.flatMap((change) =>
        change.busy
          .filter((item) => item.start < window.to && item.end > from)
          .map((item) => ({
            tenant_id: tx.tenantId,
            staff_id: connection.staff_id,
            connection_id: connection.id,
            starts_at: item.start,
            ends_at: item.end,
            source_uid: `${prefix}${change.id}`.slice(0, 1024),
          })),
      );
      for (let i = 0; i < rows.length; i += 500)
        await tx
          .raw()
          .insert(bookingExternalBusy)
          .values(rows.slice(i, i + 500))
          .onConflictDoNothing();
    }
    await patchState(
      tx,
      connection.id,
      {
        cursors,
        retry_after_until: null,
        ...(full ? { full_until: window.to.toISOString() } : {}),
      },
      {
        status: 'active',
        last_error: null,
        last_synced_at: now,
        last_attempted_at: now,
        calendars,
        updated_at: now,
      },
    );
  });
  const [counted] = await tdb
    .raw()
    .select({ n: count() })
    .from(bookingExternalBusy)
    .where(tdb.scope(bookingExternalBusy, eq(bookingExternalBusy.connection_id, connection.id)));
  return { last_synced_at: now, busy_count: counted?.n ?? 0 };
}
