import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bookingCalendarConnections, bookingStaff } from '../../db/schema/index.ts';
import { type TenantDb, tenantDb } from '../../db/tenant-db.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import { CalendarRateLimitedError } from '../../integrations/oauth/provider-api.ts';
import { WRITABLE_PROVIDERS } from './calendar-writers.ts';
import type { SyncEnv } from './sync-env.ts';
import { patchState } from './sync-state.ts';
import { writeBack } from './write-back.ts';

/** A write that failed is tried again after this long (the next sync also writes). */
const RETRY_AFTER_MS = 5 * 60_000;

/**
 * Marks the staff member's connections that receive bookings as due for a write. Called
 * inside the transaction that changed the appointment (recordBookingEvent), so the mark
 * commits with the booking; a database write only, never the network, so it adds
 * nothing to the booking lock. The write itself runs after the response.
 */
export async function markCalendarWriteDue(
  tx: TenantDb,
  staffId: string | null,
  now: Date,
): Promise<void> {
  if (!staffId) return;
  await tx
    .raw()
    .update(bookingCalendarConnections)
    .set({
      sync_state: sql`${bookingCalendarConnections.sync_state} || jsonb_build_object('write_due_at', ${now.toISOString()}::text)`,
    })
    .where(
      tx.scope(
        bookingCalendarConnections,
        eq(bookingCalendarConnections.staff_id, staffId),
        inArray(bookingCalendarConnections.provider, [...WRITABLE_PROVIDERS]),
        ne(bookingCalendarConnections.status, 'revoked'),
        sql`${bookingCalendarConnections.calendars} @> '[{"write": true}]'::jsonb`,
      ),
    );
}

/**
 * Writes bookings to the calendars marked due (after a booking, reschedule or cancel),
 * each connection claimed first so two runs never write the same one at once. Runs
 * with the outbox after the response and from the cron; a failure is recorded in
 * `last_error` and tried again in five minutes. Returns how many connections it wrote.
 */
export async function writeDueCalendars(
  db: Database,
  env: SyncEnv,
  now: Date,
  deadline: number,
  limit = 10,
): Promise<number> {
  const due = await db
    .select({
      id: bookingCalendarConnections.id,
      tenant_id: bookingCalendarConnections.tenant_id,
      mark: sql<string>`${bookingCalendarConnections.sync_state}->>'write_due_at'`,
    })
    .from(bookingCalendarConnections)
    .where(
      and(
        inArray(bookingCalendarConnections.provider, [...WRITABLE_PROVIDERS]),
        sql`(${bookingCalendarConnections.sync_state}->>'write_due_at')::timestamptz <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .limit(limit);
  let written = 0;
  for (const item of due) {
    if (Date.now() > deadline) break;
    const claimed = await db
      .update(bookingCalendarConnections)
      .set({ sync_state: sql`${bookingCalendarConnections.sync_state} - 'write_due_at'` })
      .where(
        and(
          eq(bookingCalendarConnections.id, item.id),
          sql`${bookingCalendarConnections.sync_state}->>'write_due_at' = ${item.mark}`,
        ),
      )
      .returning();
    const connection = claimed[0];
    if (!connection) continue;
    const tdb = tenantDb(db, item.tenant_id);
    try {
      const staff = await tdb.get(bookingStaff, connection.staff_id);
      const until = new Date(
        now.getTime() + ((staff?.max_advance_booking_days ?? 365) + 1) * 86_400_000,
      );
      await writeBack(tdb, env, connection, now, until);
      written++;
      // The write that failed went through now: the error it showed is over.
      if ((connection.sync_state as { write_failed_at?: string }).write_failed_at)
        await clearWriteFailure(tdb, connection.id);
    } catch (error) {
      await recordWriteFailure(tdb, connection.id, now, error, true).catch(() => undefined);
    }
  }
  return written;
}

/**
 * Records a failed write in `last_error` (status `error`, unless the failure revoked the
 * connection). A 429 also records the provider's Retry-After, before which no call is
 * made; with `retry`, the write is marked due again then (at the earliest in five minutes).
 */
export async function recordWriteFailure(
  tdb: TenantDb,
  connectionId: string,
  now: Date,
  error: unknown,
  retry: boolean,
): Promise<string> {
  const message =
    error instanceof CalendarUnreachableError
      ? error.message
      : `write-back failed: ${String(error)}`;
  if (!(error instanceof CalendarUnreachableError)) console.error('calendar write', error);
  const waitMs =
    error instanceof CalendarRateLimitedError ? error.retryAfterSeconds * 1000 : RETRY_AFTER_MS;
  const again = new Date(now.getTime() + Math.max(waitMs, RETRY_AFTER_MS)).toISOString();
  const fresh = await tdb.get(bookingCalendarConnections, connectionId);
  await patchState(
    tdb,
    connectionId,
    {
      write_failed_at: now.toISOString(),
      ...(retry ? { write_due_at: again } : {}),
      ...(error instanceof CalendarRateLimitedError
        ? { retry_after_until: new Date(now.getTime() + waitMs).toISOString() }
        : {}),
    },
    fresh?.status === 'revoked' ? {} : { status: 'error', last_error: message.slice(0, 1000) },
  );
  return message;
}

/**
 * After a read, brings the calendar that receives bookings up to date (what a failed
 * write after a booking left undone). A failure is recorded like a read failure and
 * thrown as CalendarUnreachableError; the busy time just read stays.
 */
export async function writeAfterSync(
  tdb: TenantDb,
  env: SyncEnv,
  connectionId: string,
  now: Date,
  until: Date,
): Promise<void> {
  try {
    const fresh = await tdb.get(bookingCalendarConnections, connectionId);
    if (fresh) await writeBack(tdb, env, fresh, now, until);
  } catch (error) {
    throw new CalendarUnreachableError(
      await recordWriteFailure(tdb, connectionId, now, error, false),
    );
  }
}

/** Marks the connection healthy again after a write that had failed, unless a read failed since. */
async function clearWriteFailure(tdb: TenantDb, connectionId: string): Promise<void> {
  await tdb
    .raw()
    .update(bookingCalendarConnections)
    .set({
      status: 'active',
      last_error: null,
      sync_state: sql`${bookingCalendarConnections.sync_state} - 'write_failed_at'`,
    })
    .where(
      tdb.scope(
        bookingCalendarConnections,
        eq(bookingCalendarConnections.id, connectionId),
        eq(bookingCalendarConnections.status, 'error'),
        sql`(${bookingCalendarConnections.sync_state}->>'write_failed_at') is not null`,
        sql`(${bookingCalendarConnections.last_attempted_at} is null or ${bookingCalendarConnections.last_attempted_at} <= (${bookingCalendarConnections.sync_state}->>'write_failed_at')::timestamptz)`,
      ),
    );
}
