import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { decryptNullable, ENCRYPTED } from '../../db/field-encryption.ts';
import {
  appointments,
  type BookingCalendarConnection,
  bookingServices,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import {
  type CaldavTarget,
  deleteEvent,
  putEvent,
} from '../../integrations/caldav/caldav-writer.ts';
import { staffFeedIcs } from '../../integrations/ics/staff-feed-ics.ts';
import { timeoutMs } from '../../integrations/outbound.ts';
import { patchState } from './push-sync.ts';
import type { SyncEnv } from './sync-env.ts';

/** What was last written for one appointment: its ETag and the state it showed. */
interface Written {
  etag: string | null;
  stamp: string;
}

/** How far back written events are still kept in step (a late cancel of yesterday's visit). */
const KEEP_DAYS_BACK = 1;

/**
 * Writes the staff member's appointments into the connection's chosen CalDAV calendar:
 * one event per appointment at a fixed URL with the appointment's UID, updated when it
 * changes (status, reschedule), removed when cancelled. What was written is kept in
 * `sync_state.written`, so unchanged appointments cost nothing; the fixed URL and the
 * conditional requests make a retry after any failure land on the same event.
 * Returns how many events were written or removed.
 */
export async function writeBack(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  now: Date,
  until: Date,
): Promise<number> {
  const calendar = connection.calendars.find((candidate) => candidate.write);
  if (connection.provider !== 'caldav' || !calendar) return 0;
  const target: CaldavTarget = {
    calendarUrl: calendar.id,
    username: connection.caldav_username,
    password: await decryptNullable(
      env.ENCRYPTION_KEY,
      ENCRYPTED.calendarPassword,
      connection.caldav_password_encrypted,
    ),
    timeoutMs: timeoutMs(env),
  };
  const state = connection.sync_state as { written?: Record<string, Written>; written_to?: string };
  // A different calendar chosen: start its record afresh (the old one keeps its copies).
  const written: Record<string, Written> =
    state.written_to === calendar.id ? { ...state.written } : {};
  const rows = await tdb
    .raw()
    .select({
      id: appointments.id,
      start_time: appointments.start_time,
      end_time: appointments.end_time,
      updated_at: appointments.updated_at,
      sequence: appointments.sequence,
      status: appointments.status,
      service_name: bookingServices.name,
      customer_name: appointments.customer_name,
      customer_notes: appointments.customer_notes,
      confirmation_code: appointments.confirmation_code,
    })
    .from(appointments)
    .innerJoin(
      bookingServices,
      and(
        eq(bookingServices.tenant_id, appointments.tenant_id),
        eq(bookingServices.id, appointments.service_id),
      ),
    )
    .where(
      tdb.scope(
        appointments,
        eq(appointments.staff_id, connection.staff_id),
        gte(appointments.end_time, new Date(now.getTime() - KEEP_DAYS_BACK * 86_400_000)),
        lt(appointments.start_time, until),
      ),
    )
    .orderBy(asc(appointments.start_time), asc(appointments.id));

  let changes = 0;
  // Merged in SQL: a sync recording its read marks at the same time keeps them.
  const save = () => patchState(tdb, connection.id, { written, written_to: calendar.id });
  try {
    for (const appointment of rows) {
      const previous = written[appointment.id];
      if (appointment.status === 'cancelled' || appointment.status === 'expired') {
        if (!previous) continue;
        await deleteEvent(target, appointment.id, previous.etag);
        delete written[appointment.id];
        changes++;
        continue;
      }
      const stamp = `${appointment.status}|${appointment.sequence}|${appointment.start_time.toISOString()}|${appointment.end_time.toISOString()}`;
      if (previous?.stamp === stamp) continue;
      const ics = staffFeedIcs({ calendarName: calendar.name, appointments: [appointment] });
      const etag = await putEvent(target, appointment.id, ics, previous?.etag ?? null);
      written[appointment.id] = { etag, stamp };
      changes++;
    }
    const current = new Set(rows.map((row) => row.id));
    for (const id of Object.keys(written)) if (!current.has(id)) delete written[id];
  } finally {
    // Whatever got through is recorded even when a later write failed.
    await save();
  }
  return changes;
}
