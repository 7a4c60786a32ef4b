import {
  type BookingCalendarConnection,
  bookingCalendarConnections,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import { readableConnection, syncConnection } from './sync.ts';
import type { SyncEnv } from './sync-env.ts';

/** A connection read longer ago than this is read again before a booking is confirmed. */
export const FRESH_READ_AGE_MS = 60_000;
/** The most a booking waits for that read, all connections together. */
export const FRESH_READ_BOUND_MS = 1_500;
/** A business without calendar connections is not asked again for this long. */
const NONE_CACHE_MS = 60_000;

/** Per isolate: businesses found without calendar connections, until when that holds. */
const noConnectionsUntil = new Map<string, number>();
/** Per isolate: reads under way, so simultaneous bookings share one per connection. */
const running = new Map<string, Promise<unknown>>();

/**
 * Reads the staff member's calendars again before a booking is confirmed, when their
 * last sync is older than a minute (DESIGN §7 "Freshness": an event added in the last
 * minutes, before push or the poll brought it, must not be double-booked).
 *
 * Runs before the staff member's lock is asked, never inside it: a slow provider must
 * not hold the lock, which serialises every booking of that person. It is bounded: the
 * booking waits at most FRESH_READ_BOUND_MS for all of the staff member's connections
 * together. On timeout or a provider error the booking goes ahead on the last good busy
 * times, which stay as they were: a read that is still running finishes (or is dropped
 * with the request) like any sync, replacing busy time only in one transaction after a
 * complete read, and an error records only `last_error`. Writing bookings to calendars
 * is left to the usual after-response write, so the bound is spent on reading only.
 *
 * A business with no connections is remembered per isolate for a minute, so its
 * bookings cost no extra query. Returns how many connections were read in time.
 */
export async function freshenBeforeBooking(
  tdb: TenantDb,
  env: SyncEnv,
  staffId: string,
  now: Date,
): Promise<number> {
  const none = noConnectionsUntil.get(tdb.tenantId);
  if (none !== undefined && none > now.getTime()) return 0;
  const rows = await tdb.list(bookingCalendarConnections, {
    where: readableConnection(),
  });
  if (rows.length === 0) {
    if (noConnectionsUntil.size > 10_000) noConnectionsUntil.clear();
    noConnectionsUntil.set(tdb.tenantId, now.getTime() + NONE_CACHE_MS);
    return 0;
  }
  noConnectionsUntil.delete(tdb.tenantId);
  const stale = rows.filter(
    (row) =>
      row.staff_id === staffId &&
      (!row.last_synced_at || now.getTime() - row.last_synced_at.getTime() > FRESH_READ_AGE_MS),
  );
  if (stale.length === 0) return 0;
  let read = 0;
  const reads = Promise.all(
    stale.map((connection) =>
      shared(connection, () => readOnly(tdb, env, connection, now)).then((ok) => {
        if (ok) read++;
      }),
    ),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    reads,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FRESH_READ_BOUND_MS);
    }),
  ]);
  clearTimeout(timer);
  return read;
}

/** One read; false (never a throw) when the provider failed: the booking goes ahead. */
async function readOnly(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  now: Date,
): Promise<boolean> {
  try {
    await syncConnection(tdb, env, connection, now, { write: false });
    return true;
  } catch (error) {
    if (!(error instanceof CalendarUnreachableError)) console.error('calendar fresh read', error);
    return false;
  }
}

function shared(connection: BookingCalendarConnection, work: () => Promise<boolean>) {
  const under = running.get(connection.id) as Promise<boolean> | undefined;
  if (under) return under;
  const started = work().finally(() => running.delete(connection.id));
  running.set(connection.id, started);
  return started;
}
