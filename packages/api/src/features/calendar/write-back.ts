import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import {
  appointments,
  type BookingCalendarConnection,
  bookingCalendarConnections,
  bookingServices,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import type { WrittenEvent } from '../../integrations/calendar-writer.ts';
import type { FeedAppointment } from '../../integrations/ics/staff-feed-ics.ts';
import { isWritableProvider, withCalendarWriter } from './calendar-writers.ts';
import type { SyncEnv } from './sync-env.ts';
import { patchState } from './sync-state.ts';

/** What was last written for one appointment: the provider's handle and the state it showed. */
export interface Written extends WrittenEvent {
  stamp: string;
}

/** What write-back keeps in `sync_state`. */
export interface WriteState {
  written?: Record<string, Written>;
  /** The calendar `written` describes; another one chosen starts afresh. */
  written_to?: string;
}

/** How far back written events are still kept in step (a late cancel of yesterday's visit). */
const KEEP_DAYS_BACK = 1;

/** The provider ids of the events we wrote: a sync never reads them back as busy time. */
export function ownEventIds(state: WriteState): Set<string> {
  return new Set(
    Object.values(state.written ?? {})
      .map((item) => item.event_id)
      .filter((id): id is string => !!id),
  );
}

type Step =
  | { kind: 'put'; appointment: FeedAppointment; stamp: string }
  | { kind: 'remove'; id: string };

/**
 * Writes the staff member's appointments into the connection's calendar chosen for
 * writing (CalDAV, Google or Microsoft): one event per appointment, updated when it
 * changes (status, reschedule), removed when cancelled. What was written is kept in
 * `sync_state.written`, recorded after each event, so unchanged appointments cost
 * nothing (not even a token refresh) and a run that fails half-way resumes where it
 * stopped; each provider's writer makes a retry land on the same event (fixed URL and
 * ETags, a fixed Google event id, Graph's transactionId). Returns how many events were
 * written or removed.
 */
export async function writeBack(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  now: Date,
  until: Date,
): Promise<number> {
  const calendar = connection.calendars.find((candidate) => candidate.write);
  if (!calendar || !isWritableProvider(connection.provider) || connection.status === 'revoked')
    return 0;
  const state = connection.sync_state as WriteState;
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

  const steps: Step[] = [];
  for (const appointment of rows) {
    const previous = written[appointment.id];
    if (appointment.status === 'cancelled' || appointment.status === 'expired') {
      if (previous) steps.push({ kind: 'remove', id: appointment.id });
      continue;
    }
    const stamp = `${appointment.status}|${appointment.sequence}|${appointment.start_time.toISOString()}|${appointment.end_time.toISOString()}`;
    if (previous?.stamp !== stamp) steps.push({ kind: 'put', appointment, stamp });
  }
  // Appointments past the window are no longer kept in step: forget them.
  const current = new Set(rows.map((row) => row.id));
  const stale = Object.keys(written).filter((id) => !current.has(id));
  if (stale.length > 0 || state.written_to !== calendar.id) {
    for (const id of stale) delete written[id];
    await patchState(tdb, connection.id, { written, written_to: calendar.id });
  }
  if (steps.length === 0) return 0;

  let changes = 0;
  const done = new Set<Step>();
  await withCalendarWriter(tdb, env, connection, calendar, now, async (writer) => {
    // Run again after a refused access token: what got through is not redone.
    for (const step of steps) {
      if (done.has(step)) continue;
      if (step.kind === 'remove') {
        const previous = written[step.id];
        if (previous) await writer.remove(step.id, previous);
        delete written[step.id];
        await recordOne(tdb, connection.id, calendar.id, step.id, null);
      } else {
        const previous = written[step.appointment.id] ?? null;
        const event = await writer.put(step.appointment, previous);
        const entry: Written = { etag: event.etag, stamp: step.stamp };
        if (event.event_id) entry.event_id = event.event_id;
        written[step.appointment.id] = entry;
        await recordOne(tdb, connection.id, calendar.id, step.appointment.id, entry);
      }
      done.add(step);
      changes++;
    }
  });
  return changes;
}

/**
 * Records one written (or removed) event in `sync_state.written` at once, merged in SQL:
 * a sync reading at the same moment already knows the event is ours, and a sync
 * recording its cursors at the same time keeps them.
 */
async function recordOne(
  tdb: TenantDb,
  connectionId: string,
  calendarId: string,
  appointmentId: string,
  entry: Written | null,
): Promise<void> {
  const state = bookingCalendarConnections.sync_state;
  const before = sql`(case when ${state}->>'written_to' = ${calendarId}::text
    then coalesce(${state}->'written', '{}'::jsonb) else '{}'::jsonb end)`;
  const after = entry
    ? sql`${before} || jsonb_build_object(${appointmentId}::text, ${JSON.stringify(entry)}::jsonb)`
    : sql`${before} - ${appointmentId}::text`;
  await tdb
    .raw()
    .update(bookingCalendarConnections)
    .set({
      sync_state: sql`${state} || jsonb_build_object('written_to', ${calendarId}::text, 'written', ${after})`,
    })
    .where(tdb.scope(bookingCalendarConnections, eq(bookingCalendarConnections.id, connectionId)));
}
