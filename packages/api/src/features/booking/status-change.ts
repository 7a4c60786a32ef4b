import { eq, sql } from 'drizzle-orm';
import { appointments, bookingCustomers, bookingOccupancies } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { recordBookingEvent } from '../notifications/events.ts';
import type { SlotChange, StatusChangeRequest } from './lock-protocol.ts';
import { findAppointment } from './manage.ts';
import { lockStaffCalendar, releaseExpired } from './occupancy.ts';

/** The states an admin may move an appointment out of, by the state it moves to. */
const TRANSITIONS: Record<StatusChangeRequest['status'], readonly string[]> = {
  confirmed: ['pending'],
  completed: ['confirmed'],
  no_show: ['confirmed'],
};

/**
 * An admin's confirm, complete or no-show, inside the staff member's lock and one
 * transaction, like every other change to the appointment: the state is read after the
 * lock is taken and the update is guarded by it, so a customer's cancellation arriving
 * at the same moment either happens first (and this answers 409 `conflict`) or sees
 * the new state. Never both, never a confirmed appointment with `cancelled_at` set.
 */
export async function changeStatusUnderLock(
  tx: TenantDb,
  env: Env,
  request: StatusChangeRequest,
  now: Date,
): Promise<{ changed: boolean; changes: SlotChange[] }> {
  await lockStaffCalendar(tx, request.staffId);
  // An unpaid booking whose time ran out is cancelled first, not confirmed after it.
  const changes = await releaseExpired(tx, env, request.staffId, now);
  const appointment = await findAppointment(tx, request.appointmentId);
  if (appointment.staff_id !== request.staffId) {
    throw new ApiError('conflict', 'The appointment moved meanwhile; reload it and try again.');
  }
  const { status } = request;
  if (appointment.status === status) return { changed: false, changes };
  if (!TRANSITIONS[status].includes(appointment.status)) {
    throw new ApiError('conflict', `A ${appointment.status} appointment cannot become ${status}.`);
  }
  if (status !== 'confirmed' && appointment.start_time > now) {
    throw new ApiError('conflict', 'The appointment has not started yet.');
  }
  const [updated] = await tx
    .raw()
    .update(appointments)
    .set({
      status,
      ...(status === 'confirmed' ? { approved_at: now, approved_by: request.approvedBy } : {}),
      updated_at: now,
    })
    .where(
      tx.scope(
        appointments,
        eq(appointments.id, appointment.id),
        eq(appointments.status, appointment.status),
      ),
    )
    .returning({ id: appointments.id });
  if (!updated) throw new ApiError('conflict', 'The appointment changed meanwhile.');
  if (status === 'confirmed' && appointment.occupancy_id) {
    // Approval keeps the time it already held; only the state changes.
    await tx
      .raw()
      .update(bookingOccupancies)
      .set({ status: 'confirmed', expires_at: null, updated_at: now })
      .where(
        tx.scope(
          bookingOccupancies,
          eq(bookingOccupancies.id, appointment.occupancy_id),
          sql`${bookingOccupancies.status} in ('pending', 'confirmed')`,
        ),
      );
  }
  await recordBookingEvent(
    tx,
    env,
    { type: `appointment.${status}`, appointmentId: appointment.id },
    now,
  );
  if (appointment.customer_id && status !== 'confirmed') {
    await tx
      .raw()
      .update(bookingCustomers)
      .set(
        status === 'completed'
          ? {
              total_spent_cents: sql`${bookingCustomers.total_spent_cents} + ${appointment.total_price_cents}`,
            }
          : { no_show_count: sql`${bookingCustomers.no_show_count} + 1` },
      )
      .where(tx.scope(bookingCustomers, eq(bookingCustomers.id, appointment.customer_id)));
  }
  return { changed: true, changes };
}
