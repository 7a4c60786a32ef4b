import { and, eq, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { decryptNullable, ENCRYPTED } from '../../db/field-encryption.ts';
import {
  type BookingCalendarConnection,
  bookingCalendarConnections,
  bookingExternalBusy,
  bookingStaff,
  type ConnectionCalendar,
} from '../../db/schema/index.ts';
import { type TenantDb, tenantDb } from '../../db/tenant-db.ts';
import { readCaldav } from '../../integrations/caldav/caldav-source.ts';
import {
  CalendarUnreachableError,
  type SourceCalendar,
  type SourceRead,
  type SourceReadRequest,
} from '../../integrations/calendar-source.ts';
import { type BusyInterval, busyFromIcs } from '../../integrations/ics/busy-times.ts';
import { readIcsUrl } from '../../integrations/ics/ics-url-source.ts';
import { timeoutMs } from '../../integrations/outbound.ts';
import { webhookTargetProblem } from '../webhooks/target-guard.ts';
import { type CaldavReadState, changeMark, unchangedSinceLastRead } from './caldav-read-marks.ts';
import { isOAuthConnection } from './oauth-tokens.ts';
import { patchState, syncPushConnection } from './push-sync.ts';
import type { SyncEnv, SyncResult } from './sync-env.ts';
import { writeAfterSync } from './write-queue.ts';

export type { SyncEnv, SyncResult } from './sync-env.ts';

/** The UID suffix of every event we write (appointment-ics.ts appointmentUid). */
const OWN_UID_SUFFIX = '@booksprintz';

/** Providers the safety poll reads (Google and Microsoft also push, see push-channels.ts). */
export const POLLED_PROVIDERS = ['ics', 'caldav', 'google', 'microsoft'] as const;
/** The safety poll: no connection goes longer than this without a sync attempt. */
export const POLL_INTERVAL_MS = 15 * 60_000;

const readers: Record<string, (request: SourceReadRequest) => Promise<SourceRead>> = {
  ics: readIcsUrl,
  caldav: readCaldav,
};

/** Keeps the owner's busy/write choices for calendars still there; new ones count as busy. */
function mergeCalendars(
  previous: readonly ConnectionCalendar[],
  found: SourceRead['calendars'],
): ConnectionCalendar[] {
  const before = new Map(previous.map((calendar) => [calendar.id, calendar]));
  return found.map((calendar) => ({
    id: calendar.id,
    name: calendar.name,
    busy: before.get(calendar.id)?.busy ?? true,
    write: before.get(calendar.id)?.write ?? false,
    ctag: calendar.ctag,
    sync_token: calendar.sync_token,
  }));
}

/**
 * Reads one connection in full and replaces its busy time in one transaction. The
 * window runs from now to the staff member's furthest bookable day; events that began
 * earlier and are still running count. On any provider error nothing of the busy
 * time changes (the last good read keeps blocking), the connection records the error,
 * and CalendarUnreachableError is thrown. Bookings are never changed here; after the
 * read, the calendar that receives bookings is brought up to date unless `write: false`
 * (the fresh read before a booking, which must stay short).
 */
export async function syncConnection(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  now: Date,
  options: { full?: boolean; write?: boolean } = {},
): Promise<SyncResult> {
  if (isOAuthConnection(connection)) {
    const result = await syncPushConnection(tdb, env, connection, now, options);
    if (options.write === false) return result;
    const staff = await tdb.get(bookingStaff, connection.staff_id);
    const until = new Date(
      now.getTime() + ((staff?.max_advance_booking_days ?? 365) + 1) * 86_400_000,
    );
    await writeAfterSync(tdb, env, connection.id, now, until);
    return result;
  }
  const reader = readers[connection.provider];
  if (!reader || !connection.ics_url)
    throw new CalendarUnreachableError(`provider ${connection.provider} cannot be synced`);
  const staff = await tdb.get(bookingStaff, connection.staff_id);
  const tenant = await tdb.tenant();
  if (!staff || !tenant) throw new CalendarUnreachableError('the staff member is gone');
  const zone = staff.timezone ?? tenant.timezone;
  const from = now;
  const to = new Date(now.getTime() + (staff.max_advance_booking_days + 1) * 86_400_000);
  const previous = connection.calendars;
  const busyChoice = new Map(previous.map((calendar) => [calendar.id, calendar.busy]));

  // What the last full read depended on: a change to any of it means reading again.
  const readKey = `${zone}|${connection.all_day_blocks}|${connection.tentative_blocks}`;
  const state = connection.sync_state as CaldavReadState;
  const horizon = new Date(now.getTime() + staff.max_advance_booking_days * 86_400_000);
  const unchanged =
    options.full || connection.provider !== 'caldav'
      ? undefined
      : (wanted: SourceCalendar[]) => unchangedSinceLastRead(state, wanted, readKey, horizon);

  let busy: BusyInterval[];
  let calendars: ConnectionCalendar[];
  let skipped = false;
  try {
    const read = await reader({
      url: connection.ics_url,
      username: connection.caldav_username,
      password: await decryptNullable(
        env.ENCRYPTION_KEY,
        ENCRYPTED.calendarPassword,
        connection.caldav_password_encrypted,
      ),
      from,
      to,
      wanted: (id) => busyChoice.get(id) ?? true,
      unchanged,
      timeoutMs: timeoutMs(env),
      refuse: (url) => webhookTargetProblem(url, env),
    });
    calendars = mergeCalendars(previous, read.calendars);
    skipped = read.unchanged === true;
    const options = {
      from,
      to,
      zone,
      allDayBlocks: connection.all_day_blocks,
      tentativeBlocks: connection.tentative_blocks,
      attendeeEmails: [staff.email, connection.caldav_username].filter(
        (email): email is string => !!email && email.includes('@'),
      ),
    };
    busy = [];
    for (const calendar of calendars) {
      if (!calendar.busy) continue;
      for (const text of read.texts.get(calendar.id) ?? []) {
        try {
          // Our own appointments written back to this calendar already block as bookings.
          busy.push(
            ...busyFromIcs(text, options).filter((item) => !item.uid.endsWith(OWN_UID_SUFFIX)),
          );
        } catch (error) {
          throw new CalendarUnreachableError(`unreadable event data: ${String(error)}`);
        }
      }
    }
  } catch (error) {
    const message =
      error instanceof CalendarUnreachableError ? error.message : `sync failed: ${String(error)}`;
    await tdb.update(bookingCalendarConnections, connection.id, {
      status: 'error',
      last_error: message.slice(0, 1000),
      last_attempted_at: now,
      updated_at: now,
    });
    throw new CalendarUnreachableError(message);
  }

  // One row per occurrence: the same event in two calendars blocks once.
  const unique = new Map<string, BusyInterval>();
  for (const item of busy) unique.set(`${item.uid}\u0000${item.start.toISOString()}`, item);
  const marks: CaldavReadState = skipped
    ? {}
    : {
        read_marks: Object.fromEntries(
          calendars
            .filter((calendar) => calendar.busy)
            .map((calendar) => [calendar.id, changeMark(calendar)]),
        ),
        read_key: readKey,
        read_until: to.toISOString(),
      };
  await tdb.transaction(async (tx) => {
    if (skipped) {
      await tx.update(bookingCalendarConnections, connection.id, {
        status: 'active',
        last_error: null,
        last_synced_at: now,
        last_attempted_at: now,
        calendars,
        updated_at: now,
      });
      return;
    }
    await tx.delete(bookingExternalBusy, eq(bookingExternalBusy.connection_id, connection.id));
    const rows = [...unique.values()].map((item) => ({
      tenant_id: tx.tenantId,
      staff_id: connection.staff_id,
      connection_id: connection.id,
      starts_at: item.start,
      ends_at: item.end,
      source_uid: item.uid.slice(0, 1024),
    }));
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .raw()
        .insert(bookingExternalBusy)
        .values(rows.slice(i, i + 500));
    await patchState(tx, connection.id, marks, {
      status: 'active',
      last_error: null,
      last_synced_at: now,
      last_attempted_at: now,
      calendars,
      updated_at: now,
    });
  });
  if (options.write !== false) await writeAfterSync(tdb, env, connection.id, now, to);
  const busyCount = skipped
    ? await tdb.count(bookingExternalBusy, eq(bookingExternalBusy.connection_id, connection.id))
    : unique.size;
  return { last_synced_at: now, busy_count: busyCount };
}

/**
 * The safety poll (cron): syncs the connections whose last attempt is oldest and more
 * than POLL_INTERVAL_MS ago, a few per tick, each on its own so one failure does not
 * stop the others.
 */
export async function pollCalendarConnections(
  db: Database,
  env: SyncEnv,
  now: Date,
  limit = 10,
): Promise<number> {
  const due = await db
    .select()
    .from(bookingCalendarConnections)
    .where(
      and(
        readableConnection(),
        or(
          isNull(bookingCalendarConnections.last_attempted_at),
          lt(
            bookingCalendarConnections.last_attempted_at,
            new Date(now.getTime() - POLL_INTERVAL_MS),
          ),
        ),
      ),
    )
    .orderBy(sql`${bookingCalendarConnections.last_attempted_at} ASC NULLS FIRST`)
    .limit(limit);
  let synced = 0;
  const cutoff = new Date(now.getTime() - POLL_INTERVAL_MS);
  for (const connection of due) {
    // Claim it first: an overlapping tick (a slow run, a second isolate) skips it.
    const claimed = await db
      .update(bookingCalendarConnections)
      .set({ last_attempted_at: now })
      .where(
        and(
          eq(bookingCalendarConnections.id, connection.id),
          or(
            isNull(bookingCalendarConnections.last_attempted_at),
            lt(bookingCalendarConnections.last_attempted_at, cutoff),
          ),
        ),
      )
      .returning({ id: bookingCalendarConnections.id });
    if (claimed.length === 0) continue;
    try {
      await syncConnection(tenantDb(db, connection.tenant_id), env, connection, now);
      synced++;
    } catch (error) {
      if (!(error instanceof CalendarUnreachableError)) console.error('calendar poll', error);
    }
  }
  return synced;
}

/**
 * A connection the sync can read now: a polled provider, sync on, not revoked, and (for
 * OAuth) past its callback; an OAuth connection still waiting for it has nothing to
 * read with.
 */
export function readableConnection(): SQL {
  return and(
    inArray(bookingCalendarConnections.provider, [...POLLED_PROVIDERS]),
    eq(bookingCalendarConnections.sync_enabled, true),
    ne(bookingCalendarConnections.status, 'revoked'),
    or(
      inArray(bookingCalendarConnections.provider, ['ics', 'caldav']),
      isNotNull(bookingCalendarConnections.refresh_token_encrypted),
    ),
  ) as SQL;
}
