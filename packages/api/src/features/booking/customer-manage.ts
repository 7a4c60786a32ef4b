import {
  type Appointment,
  type AvailabilityResult,
  availabilityQuerySchema,
  type CancelRequest,
  isUuid,
  type RescheduleRequest,
} from '@booksprintz/shared';
import { ApiError } from '../../http/api-error.ts';
import { appointmentIcs } from '../../integrations/ics/appointment-ics.ts';
import { getAvailabilityJson } from '../availability/query.ts';
import { findActiveStaff } from '../catalog/catalog.ts';
import { loadBookingSnapshot } from '../notifications/booking-snapshot.ts';
import { calendarEventOf } from '../notifications/calendar-event.ts';
import { managePageUrl } from '../notifications/customer-links.ts';
import { settleCancelledPayment } from '../payments/refunds.ts';
import { appointmentView, findAppointment } from './manage.ts';
import { verifyManageToken } from './manage-token.ts';
import { type PublicContext, unwrap } from './public-booking.ts';
import { slotLock } from './slot-lock/slot-lock-handle.ts';

/**
 * The token is checked before the database is asked, so a wrong token learns nothing,
 * not even whether the appointment exists.
 */
export async function authorizeManage(
  ctx: PublicContext,
  appointmentId: string,
  token: string | undefined,
) {
  if (!isUuid(appointmentId)) throw new ApiError('not_found', 'No such appointment.');
  const id = appointmentId.toLowerCase();
  if (!token || !(await verifyManageToken(ctx.env.MANAGE_TOKEN_SECRET, id, token))) {
    throw new ApiError('unauthorized', 'This link is not valid for this appointment.');
  }
  return findAppointment(ctx.tdb, id);
}

export async function viewAppointment(
  ctx: PublicContext,
  id: string,
  token?: string,
): Promise<Appointment> {
  return appointmentView(await authorizeManage(ctx, id, token));
}

export async function cancelAppointment(
  ctx: PublicContext,
  id: string,
  token: string | undefined,
  input: CancelRequest,
): Promise<Appointment> {
  const appointment = await authorizeManage(ctx, id, token);
  await ctx.spendTenantBudget?.();
  unwrap(
    await slotLock(ctx.env, ctx.tenant.id, appointment.staff_id).cancel({
      tenantId: ctx.tenant.id,
      staffId: appointment.staff_id,
      appointmentId: appointment.id,
      reason: input.reason,
      by: 'customer',
    }),
  );
  // A refund the policy granted goes to Stripe now (a repeated cancel retries it too).
  await settleCancelledPayment(ctx.env, ctx.tdb, appointment);
  return appointmentView(await findAppointment(ctx.tdb, appointment.id));
}

export async function rescheduleAppointment(
  ctx: PublicContext,
  id: string,
  token: string | undefined,
  input: RescheduleRequest,
  by: 'customer' | 'staff' = 'customer',
): Promise<Appointment> {
  const appointment = await authorizeManage(ctx, id, token);
  const staffId = input.staff_id
    ? (await findActiveStaff(ctx.tdb, input.staff_id)).id
    : appointment.staff_id;
  await ctx.spendTenantBudget?.();
  unwrap(
    await slotLock(ctx.env, ctx.tenant.id, staffId).reschedule({
      tenantId: ctx.tenant.id,
      appointmentId: appointment.id,
      staffId,
      startTime: new Date(input.start_time).toISOString(),
      by,
    }),
  );
  const moved = await findAppointment(ctx.tdb, appointment.id);
  if (staffId !== appointment.staff_id) {
    // The old staff member's widgets learn the time is free again.
    await slotLock(ctx.env, ctx.tenant.id, appointment.staff_id).broadcast([
      {
        type: 'freed',
        staff_id: appointment.staff_id,
        start_time: appointmentView(appointment).start_time,
        end_time: appointmentView(appointment).end_time,
      },
    ]);
  }
  return appointmentView(moved);
}

/**
 * The times `appointment` can move to on `date` (a day in `zone`): with `staffId`, or
 * with whoever is free when it is undefined (each time then names its staff member, as
 * the widget's "anyone" does). They are the public availability, so every time shown
 * is one the move accepts (unless someone takes it first). A day that is not a date, or
 * a service or staff member no longer bookable, has none.
 */
export async function rescheduleTimes(
  ctx: PublicContext,
  appointment: { service_id: string },
  staffId: string | undefined,
  date: string,
  zone: string,
): Promise<Array<{ start_time: string; staff_id: string }>> {
  const query = availabilityQuerySchema.safeParse({
    service_id: appointment.service_id,
    ...(staffId ? { staff_id: staffId } : {}),
    date,
    timezone: zone,
  });
  if (!query.success) return [];
  try {
    const body = await getAvailabilityJson(ctx.env, ctx.tdb, query.data);
    const { days } = JSON.parse(await body.text()) as AvailabilityResult;
    return days.flatMap((day) =>
      day.slots.map((slot) => ({ start_time: slot.start_time, staff_id: slot.staff_id })),
    );
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return [];
    throw error;
  }
}

/**
 * The appointment's .ics download: the same event (UID, SEQUENCE, wording) as the
 * e-mailed invitation, published rather than sent — or a CANCEL once cancelled.
 */
export async function appointmentCalendar(
  ctx: PublicContext,
  id: string,
  token?: string,
): Promise<string> {
  const appointment = await authorizeManage(ctx, id, token);
  const snapshot = await loadBookingSnapshot(ctx.tdb, appointment.id);
  const event = calendarEventOf(snapshot, {
    manageUrl: managePageUrl(ctx.origin, ctx.tenant.subdomain, appointment.id, token ?? ''),
    stamp: appointment.updated_at,
  });
  return appointmentIcs(event, appointment.status === 'cancelled' ? 'CANCEL' : 'PUBLISH', {
    calendarName: ctx.tenant.business_name,
  });
}
