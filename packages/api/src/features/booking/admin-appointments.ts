import {
  type AdminAppointment,
  type AdminAppointmentListQuery,
  type AdminAppointmentUpdate,
  type AdminBooking,
  adminAppointmentSchema,
  type BookingResponse,
} from '@booksprintz/shared';
import { and, asc, eq, gt, gte, lt, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { decryptNullable, ENCRYPTED } from '../../db/field-encryption.ts';
import { type Appointment, appointments } from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { toResponse } from '../../http/serialize.ts';
import type { KeyAuth } from '../accounts/key-auth.ts';
import { findActiveStaff } from '../catalog/catalog.ts';
import { settleCancelledPayment } from '../payments/refunds.ts';
import { findAppointment } from './manage.ts';
import { createBooking, type PublicContext, unwrap } from './public-booking.ts';
import { slotLock } from './slot-lock/slot-lock-handle.ts';

export interface AdminContext extends PublicContext {
  auth: KeyAuth;
}

async function adminView(env: Env, row: Appointment): Promise<AdminAppointment> {
  const phone = await decryptNullable(
    env.ENCRYPTION_KEY,
    ENCRYPTED.appointmentPhone,
    row.customer_phone_encrypted,
  );
  return toResponse(adminAppointmentSchema, { ...row, customer_phone: phone });
}

/** A staff key sees only its own staff member's appointments; others are 404 to it. */
async function findVisible(ctx: AdminContext, id: string): Promise<Appointment> {
  const appointment = await findAppointment(ctx.tdb, id);
  if (ctx.auth.role === 'staff' && appointment.staff_id !== ctx.auth.staffId) {
    throw new ApiError('not_found', 'No such appointment.');
  }
  return appointment;
}

export async function listAppointments(ctx: AdminContext, query: AdminAppointmentListQuery) {
  const zone = ctx.tenant.timezone;
  const conditions = [
    query.start_date
      ? gte(
          appointments.start_time,
          DateTime.fromISO(query.start_date, { zone }).startOf('day').toJSDate(),
        )
      : undefined,
    query.end_date
      ? lt(
          appointments.start_time,
          DateTime.fromISO(query.end_date, { zone }).plus({ days: 1 }).startOf('day').toJSDate(),
        )
      : undefined,
    query.status ? eq(appointments.status, query.status) : undefined,
    query.staff_id ? eq(appointments.staff_id, query.staff_id) : undefined,
    query.service_id ? eq(appointments.service_id, query.service_id) : undefined,
    query.customer_email
      ? eq(appointments.customer_email, query.customer_email.toLowerCase())
      : undefined,
    ctx.auth.role === 'staff' && ctx.auth.staffId
      ? eq(appointments.staff_id, ctx.auth.staffId)
      : undefined,
  ];
  if (query.cursor) {
    const [start, id] = decodeCursor(query.cursor);
    const after = new Date(start);
    if (Number.isNaN(after.getTime())) {
      throw new ApiError('validation_failed', 'The cursor is not one this API returned.');
    }
    conditions.push(
      or(
        gt(appointments.start_time, after),
        and(eq(appointments.start_time, after), gt(appointments.id, id)),
      ),
    );
  }
  const rows = await ctx.tdb.list(appointments, {
    where: and(...conditions),
    orderBy: [asc(appointments.start_time), asc(appointments.id)],
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await Promise.all(page.map((row) => adminView(ctx.env, row))),
    next_cursor:
      rows.length > query.limit && last
        ? encodeCursor(last.start_time.toISOString(), last.id)
        : null,
  };
}

export async function getAdminAppointment(
  ctx: AdminContext,
  id: string,
): Promise<AdminAppointment> {
  return adminView(ctx.env, await findVisible(ctx, id));
}

/** A booking taken at the desk goes through exactly the public path: same lock, same rules. */
export async function createManualBooking(
  ctx: AdminContext,
  input: AdminBooking,
): Promise<BookingResponse> {
  if (ctx.auth.role === 'staff') {
    const own = input.staff_id ? (await findActiveStaff(ctx.tdb, input.staff_id)).id : undefined;
    if (own !== ctx.auth.staffId)
      throw new ApiError('forbidden', 'A staff key books only its own calendar.');
  }
  const { internal_notes, booking_source, override_rules, ...booking } = input;
  const response = await createBooking(ctx, booking, booking_source, {
    asAdmin: true,
    overrideRules: override_rules,
  });
  if (internal_notes) {
    await ctx.tdb.update(appointments, response.appointment.id, { internal_notes });
  }
  return response;
}

export async function updateAdminAppointment(
  ctx: AdminContext,
  id: string,
  patch: AdminAppointmentUpdate,
): Promise<AdminAppointment> {
  const appointment = await findVisible(ctx, id);
  const now = new Date();
  if (patch.start_time || patch.staff_id || patch.duration_minutes) {
    const staffId = patch.staff_id
      ? (await findActiveStaff(ctx.tdb, patch.staff_id)).id
      : appointment.staff_id;
    if (ctx.auth.role === 'staff' && staffId !== ctx.auth.staffId) {
      throw new ApiError(
        'forbidden',
        'A staff key moves appointments only within its own calendar.',
      );
    }
    unwrap(
      await slotLock(ctx.env, ctx.tenant.id, staffId).reschedule({
        tenantId: ctx.tenant.id,
        appointmentId: appointment.id,
        staffId,
        startTime: (patch.start_time
          ? new Date(patch.start_time)
          : appointment.start_time
        ).toISOString(),
        by: 'staff',
        durationMinutes: patch.duration_minutes,
        overrideRules: patch.override_rules === true,
        notifyCustomer: patch.notify_customer !== false,
      }),
    );
  }
  if (patch.status) {
    await changeStatus(ctx, appointment, patch.status, patch.cancellation_reason, {
      notifyCustomer: patch.notify_customer !== false,
    });
  }
  const notes = {
    ...(patch.internal_notes !== undefined ? { internal_notes: patch.internal_notes } : {}),
    ...(patch.notes !== undefined ? { customer_notes: patch.notes } : {}),
  };
  if (Object.keys(notes).length > 0) {
    await ctx.tdb.update(appointments, appointment.id, { ...notes, updated_at: now });
  }
  return adminView(ctx.env, await findAppointment(ctx.tdb, appointment.id));
}

/**
 * Every status change goes through the staff member's lock, where the customer's own
 * cancellations and moves run: the state is checked there, not from what was read here.
 */
async function changeStatus(
  ctx: AdminContext,
  appointment: Appointment,
  status: NonNullable<AdminAppointmentUpdate['status']>,
  reason: string | undefined,
  options: { notifyCustomer: boolean },
): Promise<void> {
  const lock = slotLock(ctx.env, ctx.tenant.id, appointment.staff_id);
  if (status !== 'cancelled') {
    unwrap(
      await lock.changeStatus({
        tenantId: ctx.tenant.id,
        staffId: appointment.staff_id,
        appointmentId: appointment.id,
        status,
        approvedBy: ctx.auth.staffId ?? null,
      }),
    );
    return;
  }
  if (
    appointment.status !== 'cancelled' &&
    !['pending', 'confirmed'].includes(appointment.status)
  ) {
    throw new ApiError('conflict', `A ${appointment.status} appointment cannot become cancelled.`);
  }
  unwrap(
    await lock.cancel({
      tenantId: ctx.tenant.id,
      staffId: appointment.staff_id,
      appointmentId: appointment.id,
      reason,
      by: 'staff',
      notifyCustomer: options.notifyCustomer,
    }),
  );
  // The business cancelled: whatever the customer paid goes back (DESIGN §5).
  await settleCancelledPayment(ctx.env, ctx.tdb, appointment);
}
