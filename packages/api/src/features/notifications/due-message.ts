/**
 * A claimed outbox row at the moment it goes out: whether it still makes sense, and its
 * content, which a row queued `when_due` (reminders, the follow-up) only gets now.
 */
import type { Database } from '../../db/client.ts';
import { type Appointment, appointments, type BookingNotification } from '../../db/schema/index.ts';
import { tenantDb } from '../../db/tenant-db.ts';
import { findBookingSnapshot } from './booking-snapshot.ts';
import { type NotificationPayload, renderDueRow } from './outbox.ts';

/**
 * Why a time-bound message no longer makes sense, or null. Reminders are withdrawn when
 * their appointment is cancelled or moved, but a row claimed in the same instant (or a
 * status change that bypassed the outbox) is caught here, at the last moment.
 */
function staleReason(
  row: BookingNotification,
  payload: NotificationPayload,
  appointment: Appointment | null | undefined,
  now: Date,
): string | null {
  if (!appointment) return 'appointment deleted';
  if (row.type === 'follow_up') {
    return appointment.status === 'completed' ? null : `appointment is ${appointment.status}`;
  }
  if (row.type !== 'reminder') return null;
  if (appointment.status !== 'confirmed') return `appointment is ${appointment.status}`;
  if (appointment.start_time.toISOString() !== payload.appointment_start) {
    return 'appointment was rescheduled';
  }
  if (appointment.start_time.getTime() <= now.getTime()) return 'appointment has started';
  return null;
}

type Rendered = Awaited<ReturnType<typeof renderDueRow>>;

/**
 * A claimed row made ready to send: stale (see `staleReason`), or the row with its
 * content, which a row queued `when_due` gets only now (`rendered`, recorded with the
 * send so the outbox shows what went out).
 */
export async function readyToSend(
  db: Database,
  env: Env,
  row: BookingNotification,
  now: Date,
): Promise<{ stale: string } | { row: BookingNotification; rendered: Rendered | null }> {
  const payload = row.payload as unknown as NotificationPayload;
  const timed = row.type === 'reminder' || row.type === 'follow_up';
  if (!row.appointment_id || !(timed || payload.when_due)) return { row, rendered: null };
  const tdb = tenantDb(db, row.tenant_id);
  const snapshot = payload.when_due ? await findBookingSnapshot(tdb, row.appointment_id) : null;
  const appointment = payload.when_due
    ? snapshot?.appointment
    : await tdb.get(appointments, row.appointment_id);
  const stale = staleReason(row, payload, appointment, now);
  if (stale) return { stale };
  if (!snapshot) return { row, rendered: null };
  const rendered = await renderDueRow(env, snapshot, row, now);
  return { row: { ...row, ...rendered }, rendered };
}

/**
 * A row as it would go out at `now`: rendered if it was queued `when_due` and its
 * appointment is still there, else as stored (`/dev/outbox` previews with it).
 */
export async function rowAsItWouldGo(
  db: Database,
  env: Env,
  row: BookingNotification,
  now: Date,
): Promise<BookingNotification> {
  const payload = row.payload as unknown as NotificationPayload;
  if (!payload.when_due || !row.appointment_id) return row;
  const snapshot = await findBookingSnapshot(tenantDb(db, row.tenant_id), row.appointment_id);
  return snapshot ? { ...row, ...(await renderDueRow(env, snapshot, row, now)) } : row;
}
