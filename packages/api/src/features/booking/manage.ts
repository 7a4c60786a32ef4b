import { type Appointment, appointmentSchema } from '@booksprintz/shared';
import { eq, sql } from 'drizzle-orm';
import {
  appointments,
  type BookingService,
  type BookingStaff,
  bookingCustomers,
  bookingOccupancies,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { recordBookingEvent } from '../notifications/events.ts';
import { cancellationPayment } from '../payments/cancellation-refund.ts';
import { loadTarget } from './book.ts';
import type { CancelRequest, RescheduleRequest, SlotChange } from './lock-protocol.ts';
import {
  giveSeatBack,
  lockStaffCalendar,
  occupiedRange,
  releaseExpired,
  slotChange,
  takeSessionSeat,
} from './occupancy.ts';
import { openSlot } from './open-slot.ts';

const OPEN_STATUSES = new Set(['pending', 'confirmed']);

type Status = Pick<typeof appointments.$inferSelect, 'status' | 'payment_status'>;

/** Still ahead and not cancelled: it can be cancelled or moved. */
export function isOpen(appointment: Status): boolean {
  return OPEN_STATUSES.has(appointment.status);
}

/**
 * Open, and not waiting for its deposit: a booking awaiting payment holds its time only
 * until the deposit's deadline, so moving it would need a new hold.
 */
export function isMovable(appointment: Status): boolean {
  return isOpen(appointment) && appointment.payment_status !== 'pending';
}

export async function findAppointment(tdb: TenantDb, appointmentId: string) {
  const appointment = await tdb.get(appointments, appointmentId);
  if (!appointment) throw new ApiError('not_found', 'No such appointment.');
  return appointment;
}

export function appointmentView(row: typeof appointments.$inferSelect): Appointment {
  return toResponse(appointmentSchema, row);
}

/** Frees what the appointment occupied: its own time, or its seat in a session. */
async function releaseOccupancy(
  tx: TenantDb,
  occupancyId: string | null,
  now: Date,
): Promise<void> {
  if (!occupancyId) return;
  const occupancy = await tx.get(bookingOccupancies, occupancyId);
  if (!occupancy) return;
  if (occupancy.kind === 'session') await giveSeatBack(tx, occupancy.id, now);
  else await tx.update(bookingOccupancies, occupancy.id, { status: 'released', updated_at: now });
}

/**
 * Cancels and frees the slot at once, deciding in the same transaction what happens to
 * a deposit (`cancellationPayment`). Cancelling twice is harmless.
 */
export async function cancelUnderLock(
  tx: TenantDb,
  env: Env,
  request: CancelRequest,
  now: Date,
): Promise<{ changes: SlotChange[] }> {
  const found = await findAppointment(tx, request.appointmentId);
  await lockStaffCalendar(tx, found.staff_id);
  const appointment = await findAppointment(tx, request.appointmentId);
  if (appointment.status === 'cancelled') return { changes: [] };
  if (!isOpen(appointment)) {
    throw new ApiError(
      'conflict',
      `A ${appointment.status.replace('_', '-')} appointment cannot be cancelled.`,
    );
  }
  await tx.update(appointments, appointment.id, {
    status: 'cancelled',
    cancelled_at: now,
    cancelled_by: request.by,
    cancellation_reason: request.reason ?? null,
    ...(await cancellationPayment(tx, appointment, request.by, now)),
    updated_at: now,
  });
  await releaseOccupancy(tx, appointment.occupancy_id, now);
  // A system cancellation (an unpaid or failed deposit) is not held against the customer.
  if (appointment.customer_id && request.by !== 'system') {
    await tx
      .raw()
      .update(bookingCustomers)
      .set({ cancellation_count: sql`${bookingCustomers.cancellation_count} + 1`, updated_at: now })
      .where(tx.scope(bookingCustomers, eq(bookingCustomers.id, appointment.customer_id)));
  }
  await recordBookingEvent(
    tx,
    env,
    {
      type: 'appointment.cancelled',
      appointmentId: appointment.id,
      ...(request.notifyCustomer === false ? { notifyCustomer: false } : {}),
    },
    now,
  );
  return {
    changes: [
      slotChange('freed', appointment.staff_id, appointment.start_time, appointment.end_time),
    ],
  };
}

/**
 * The service as this appointment occupies it: its own length, on the grid of the
 * service's own length (a longer appointment starts where the service's slots start).
 */
function withLength(target: { service: BookingService; staff: BookingStaff }, minutes: number) {
  const { service, staff } = target;
  if (minutes === service.duration_minutes) return service;
  const step =
    service.slot_interval_minutes ??
    service.duration_minutes + staff.buffer_time_after + service.buffer_time_after;
  return { ...service, duration_minutes: minutes, slot_interval_minutes: step };
}

/**
 * Moves an appointment in one transaction: the new time is taken and the old one
 * freed together, or nothing changes. Both staff calendars are locked, in id order so
 * two opposite reschedules cannot deadlock.
 */
export async function rescheduleUnderLock(
  tx: TenantDb,
  env: Env,
  request: RescheduleRequest,
  now: Date,
): Promise<{ changes: SlotChange[] }> {
  const found = await findAppointment(tx, request.appointmentId);
  for (const staffId of [...new Set([found.staff_id, request.staffId])].sort()) {
    await lockStaffCalendar(tx, staffId);
  }
  const appointment = await findAppointment(tx, request.appointmentId);
  if (!isOpen(appointment)) {
    throw new ApiError(
      'conflict',
      `A ${appointment.status.replace('_', '-')} appointment cannot be moved.`,
    );
  }
  if (!isMovable(appointment)) {
    throw new ApiError('conflict', 'Pay the deposit first: a booking awaiting it cannot be moved.');
  }
  const changes = await releaseExpired(tx, env, request.staffId, now);
  const loaded = await loadTarget(tx, appointment.service_id, request.staffId, {
    includeOffline: true,
  });
  // The appointment keeps its own length (a desk resize may have changed it), and the
  // rules are checked for that length.
  const durationMinutes = request.durationMinutes ?? appointment.duration_minutes;
  const target = { ...loaded, service: withLength(loaded, durationMinutes) };
  const overridden = request.by === 'staff' && request.overrideRules === true;
  const start = new Date(request.startTime);
  const sameStaff = appointment.staff_id === request.staffId;
  const individual = target.service.booking_type === 'individual';
  const occupancy = appointment.occupancy_id
    ? await tx.get(bookingOccupancies, appointment.occupancy_id)
    : undefined;

  // Its own time does not stand in its way when it stays with the same person. A desk
  // override skips the engine on purpose; the overlap constraint still guards.
  if (!overridden) {
    await openSlot(tx, {
      tenant: target.tenant,
      service: target.service,
      staffId: target.staff.id,
      staff: target.staff,
      start,
      locationId: appointment.location_id,
      now,
      ignoreOccupancyId: sameStaff && individual ? occupancy?.id : undefined,
    });
  }
  const range = occupiedRange(target.staff, target.service, start);
  let occupancyId = appointment.occupancy_id;
  const status = appointment.status as 'pending' | 'confirmed';
  if (individual && sameStaff && occupancy) {
    await tx.update(bookingOccupancies, occupancy.id, { ...range, updated_at: now });
  } else {
    await releaseOccupancy(tx, appointment.occupancy_id, now);
    if (individual) {
      const moved = await tx.insert(bookingOccupancies, {
        staff_id: request.staffId,
        service_id: appointment.service_id,
        location_id: appointment.location_id,
        kind: 'appointment',
        status,
        ...range,
      });
      occupancyId = moved.id;
    } else {
      occupancyId =
        (await takeSessionSeat(tx, request.staffId, appointment.service_id, start, now)) ??
        (
          await tx.insert(bookingOccupancies, {
            staff_id: request.staffId,
            service_id: appointment.service_id,
            location_id: appointment.location_id,
            kind: 'session',
            status,
            capacity: target.service.max_capacity,
            seats_taken: 1,
            ...range,
          })
        ).id;
    }
  }
  await tx.update(appointments, appointment.id, {
    staff_id: request.staffId,
    occupancy_id: occupancyId,
    start_time: range.start_time,
    end_time: range.end_time,
    duration_minutes: durationMinutes,
    ...(overridden ? { rules_overridden: true } : {}),
    sequence: appointment.sequence + 1,
    updated_at: now,
  });
  await recordBookingEvent(
    tx,
    env,
    {
      type: 'appointment.rescheduled',
      appointmentId: appointment.id,
      previousStartTime: appointment.start_time,
      ...(request.notifyCustomer === false ? { notifyCustomer: false } : {}),
    },
    now,
  );
  changes.push(
    slotChange('freed', appointment.staff_id, appointment.start_time, appointment.end_time),
    slotChange('taken', request.staffId, range.start_time, range.end_time),
  );
  return { changes };
}
