import {
  type BookingRequest,
  type BookingResponse,
  HOLD_CAPS,
  type Hold,
  type HoldRequest,
  isUuid,
} from '@booksprintz/shared';
import { and, eq } from 'drizzle-orm';
import type { BookingTenant } from '../../db/schema/index.ts';
import { bookingOccupancies } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { findActiveLocation, findActiveStaff, findBookableService } from '../catalog/catalog.ts';
import { loadBookingSnapshot } from '../notifications/booking-snapshot.ts';
import { calendarEventOf } from '../notifications/calendar-event.ts';
import { customerLinks } from '../notifications/customer-links.ts';
import { startDepositPayment } from '../payments/deposit-payment.ts';
import type { LockResult } from './lock-protocol.ts';
import { appointmentView, findAppointment } from './manage.ts';
import { manageToken } from './manage-token.ts';
import { slotLock } from './slot-lock/slot-lock.ts';
import { chooseStaff } from './staff-choice.ts';

/** The most staff members an any-staff booking tries before giving up. */
const MAX_STAFF_ATTEMPTS = 5;

export function unwrap<T>(result: LockResult<T>): T {
  if (!result.ok) {
    // Headers do not cross the Durable Object boundary; Retry-After is re-added here.
    const headers = result.code === 'rate_limited' ? { 'Retry-After': '60' } : undefined;
    throw new ApiError(result.code, result.detail, headers ? { headers } : {});
  }
  return result.value;
}

export interface PublicContext {
  env: Env;
  tdb: TenantDb;
  tenant: BookingTenant;
  /** Where links in responses point (the API's own origin). */
  origin: string;
  /** The caller's address, for per-customer hold caps. */
  clientIp?: string | undefined;
}

async function resolveRefs(
  ctx: PublicContext,
  input: { service_id: string; staff_id?: string | undefined; location_id?: string | undefined },
) {
  const service = await findBookableService(ctx.tdb, input.service_id);
  const staff = input.staff_id ? await findActiveStaff(ctx.tdb, input.staff_id) : undefined;
  const location = input.location_id
    ? await findActiveLocation(ctx.tdb, input.location_id)
    : undefined;
  return { service, staff, location: location?.id ?? null };
}

/**
 * Runs `attempt` on the chosen staff member's lock. With no staff given, the engine
 * chooses; if that person's lock finds the time gone, the choice is made again
 * without them (DESIGN §3.4: the choice re-runs under the lock).
 */
async function withStaff<T>(
  ctx: PublicContext,
  refs: Awaited<ReturnType<typeof resolveRefs>>,
  start: Date,
  attempt: (staffId: string) => Promise<LockResult<T>>,
): Promise<T> {
  if (refs.staff) return unwrap(await attempt(refs.staff.id));
  const tried = new Set<string>();
  for (let round = 0; round < MAX_STAFF_ATTEMPTS; round++) {
    const staffId = await chooseStaff(
      ctx.tdb,
      ctx.tenant,
      refs.service,
      start,
      refs.location,
      tried,
      new Date(),
    );
    const result = await attempt(staffId);
    if (result.ok || result.code !== 'slot_unavailable') return unwrap(result);
    tried.add(staffId);
  }
  throw new ApiError('slot_unavailable', 'No one is free at that time any more.');
}

/**
 * A request naming its staff member by id goes straight to that person's lock with
 * the service as the customer gave it: the lock resolves and checks both, so when many
 * customers race for one slot, those it turns away cost the Worker no query at all.
 */
function directStaff(staffRef: string | undefined, locationRef: string | undefined) {
  if (!staffRef || !isUuid(staffRef)) return undefined;
  if (locationRef !== undefined && !isUuid(locationRef)) return undefined;
  return { staffId: staffRef.toLowerCase(), locationId: locationRef?.toLowerCase() ?? null };
}

export async function placeHold(
  ctx: PublicContext,
  input: HoldRequest,
  capHolds: boolean,
): Promise<Hold> {
  const start = new Date(input.start_time);
  const direct = directStaff(input.staff_id, input.location_id);
  const refs = direct
    ? { serviceRef: input.service_id, ...direct }
    : await resolveRefs(ctx, input).then((resolved) => ({
        resolved,
        serviceRef: resolved.service.id,
      }));
  const attempt = (staffId: string) =>
    slotLock(ctx.env, ctx.tenant.id, staffId).hold({
      tenantId: ctx.tenant.id,
      staffId,
      serviceId: refs.serviceRef,
      locationId: 'resolved' in refs ? refs.resolved.location : refs.locationId,
      startTime: start.toISOString(),
      holderEmail: input.customer_email,
      holderIp: ctx.clientIp,
      caps: capHolds ? HOLD_CAPS : undefined,
    });
  if ('resolved' in refs) return withStaff(ctx, refs.resolved, start, attempt);
  return unwrap(await attempt(refs.staffId));
}

export async function releaseHold(ctx: PublicContext, holdId: string): Promise<void> {
  const [hold] = await ctx.tdb.list(bookingOccupancies, {
    where: and(eq(bookingOccupancies.id, holdId), eq(bookingOccupancies.kind, 'hold')),
    limit: 1,
  });
  if (!hold) throw new ApiError('not_found', 'No such hold.');
  unwrap(
    await slotLock(ctx.env, ctx.tenant.id, hold.staff_id).releaseHold({
      tenantId: ctx.tenant.id,
      staffId: hold.staff_id,
      holdId,
    }),
  );
}

export async function createBooking(
  ctx: PublicContext,
  input: BookingRequest,
  source: 'online' | 'widget' | 'manual' | 'api',
  options: { asAdmin?: boolean } = {},
): Promise<BookingResponse> {
  // A hold names its staff member: booking on it goes to that person's lock.
  let staffRef = input.staff_id;
  if (!staffRef && input.hold_id) {
    const [hold] = await ctx.tdb.list(bookingOccupancies, {
      where: eq(bookingOccupancies.id, input.hold_id),
      limit: 1,
    });
    if (hold) staffRef = hold.staff_id;
  }
  const start = new Date(input.start_time);
  const direct = directStaff(staffRef, input.location_id);
  const refs = direct
    ? { serviceRef: input.service_id, ...direct }
    : await resolveRefs(ctx, { ...input, staff_id: staffRef }).then((resolved) => ({
        resolved,
        serviceRef: resolved.service.id,
      }));
  const attempt = (staffId: string) =>
    slotLock(ctx.env, ctx.tenant.id, staffId).book({
      tenantId: ctx.tenant.id,
      staffId,
      serviceId: refs.serviceRef,
      locationId: 'resolved' in refs ? refs.resolved.location : refs.locationId,
      startTime: start.toISOString(),
      holdId: input.hold_id,
      customer: input.customer,
      notes: input.notes,
      locale: input.locale,
      timezone: input.timezone,
      answers: input.answers,
      metadata: input.metadata,
      source,
      ...(options.asAdmin ? { asAdmin: true } : {}),
    });
  const { appointmentId, expiresAt } =
    'resolved' in refs
      ? await withStaff(ctx, refs.resolved, start, attempt)
      : unwrap(await attempt(refs.staffId));
  // A deposit is due: the booking holds its slot until `expiresAt`, unless paid.
  const payment = expiresAt ? await startDepositPayment(ctx, appointmentId, expiresAt) : null;
  return bookingResponse(ctx, appointmentId, payment);
}

export async function bookingResponse(
  ctx: PublicContext,
  appointmentId: string,
  payment: BookingResponse['payment'] = null,
): Promise<BookingResponse> {
  const appointment = await findAppointment(ctx.tdb, appointmentId);
  const token = await manageToken(ctx.env.MANAGE_TOKEN_SECRET, appointment.id);
  const snapshot = await loadBookingSnapshot(ctx.tdb, appointment.id);
  return {
    appointment: appointmentView(appointment),
    manage_token: token,
    // manage_url, calendar_url, google_calendar_url, outlook_calendar_url
    ...customerLinks(ctx.origin, ctx.tenant.subdomain, appointment.id, token, (manageUrl) =>
      calendarEventOf(snapshot, { manageUrl, stamp: appointment.updated_at }),
    ),
    payment,
  };
}
