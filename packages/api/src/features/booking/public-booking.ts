import {
  type BookingRequest,
  type BookingResponse,
  type Hold,
  type HoldRequest,
  isUuid,
} from '@booksprintz/shared';
import { and, eq } from 'drizzle-orm';
import type { Appointment, BookingTenant } from '../../db/schema/index.ts';
import { bookingOccupancies } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { freshenBeforeBooking } from '../calendar/fresh-read.ts';
import { findActiveLocation, findActiveStaff, findBookableService } from '../catalog/catalog.ts';
import { loadBookingSnapshot } from '../notifications/booking-snapshot.ts';
import { calendarEventOf } from '../notifications/calendar-event.ts';
import { customerLinks } from '../notifications/customer-links.ts';
import { startDepositPayment } from '../payments/deposit-payment.ts';
import type { BookingLinks } from './booking-answer.ts';
import type { CustomerCaps } from './customer-caps.ts';
import type { BookedAppointment, BookRequest, LockResult } from './lock-protocol.ts';
import { appointmentView, findAppointment } from './manage.ts';
import { manageToken } from './manage-token.ts';
import { openSlot } from './open-slot.ts';
import { slotLock } from './slot-lock/slot-lock-handle.ts';

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
  /** The caller's address (`clientAddress`), for the per-customer caps. */
  clientAddress?: string | undefined;
  /** Caps on one customer's live holds and upcoming bookings; absent: not capped. */
  caps?: CustomerCaps | undefined;
  /**
   * Spends the tenant's shared write budget (429 once spent). Called once per request
   * that reaches the booking path, right before the staff member's lock, so requests
   * refused earlier (invalid, unknown, unauthorized) never spend it.
   */
  spendTenantBudget?: (() => Promise<void>) | undefined;
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
 * A request naming its staff member by id goes straight to that person's lock with
 * the service as the customer gave it: the lock resolves and checks both, so when many
 * customers race for one slot, those it turns away cost the Worker no query at all.
 */
function directStaff(staffRef: string | undefined, locationRef: string | undefined) {
  if (!staffRef || !isUuid(staffRef)) return undefined;
  if (locationRef !== undefined && !isUuid(locationRef)) return undefined;
  return { staffId: staffRef.toLowerCase(), locationId: locationRef?.toLowerCase() ?? null };
}

/** What a hold or booking names: resolved here only when the lock cannot do it alone. */
interface SlotRefs {
  service_id: string;
  staff_id?: string | undefined;
  location_id?: string | undefined;
  start_time: string;
}

/**
 * The scaffolding holds and bookings share: spends the tenant's budget, then runs
 * `attempt` on the staff member's lock with the service reference the lock should
 * resolve. With no staff given, the engine chooses; if that person's lock finds the
 * time gone, the choice is made again without them (DESIGN §3.4: the choice re-runs
 * under the lock).
 */
async function onStaffLock<T>(
  ctx: PublicContext,
  input: SlotRefs,
  attempt: (target: {
    staffId: string;
    serviceRef: string;
    locationId: string | null;
    startTime: string;
  }) => Promise<LockResult<T>>,
): Promise<T> {
  const start = new Date(input.start_time);
  const startTime = start.toISOString();
  const direct = directStaff(input.staff_id, input.location_id);
  if (direct) {
    await ctx.spendTenantBudget?.();
    return unwrap(await attempt({ ...direct, serviceRef: input.service_id, startTime }));
  }
  const refs = await resolveRefs(ctx, input);
  await ctx.spendTenantBudget?.();
  const target = { serviceRef: refs.service.id, locationId: refs.location, startTime };
  if (refs.staff) return unwrap(await attempt({ ...target, staffId: refs.staff.id }));
  const tried = new Set<string>();
  for (let round = 0; round < MAX_STAFF_ATTEMPTS; round++) {
    const slot = await openSlot(ctx.tdb, {
      tenant: ctx.tenant,
      service: refs.service,
      start,
      locationId: refs.location,
      now: new Date(),
      exclude: tried,
    });
    const result = await attempt({ ...target, staffId: slot.staff_id });
    if (result.ok || result.code !== 'slot_unavailable') return unwrap(result);
    tried.add(slot.staff_id);
  }
  throw new ApiError('slot_unavailable', 'No one is free at that time any more.');
}

export async function placeHold(ctx: PublicContext, input: HoldRequest): Promise<Hold> {
  return onStaffLock(ctx, input, (target) =>
    slotLock(ctx.env, ctx.tenant.id, target.staffId).hold({
      tenantId: ctx.tenant.id,
      staffId: target.staffId,
      serviceId: target.serviceRef,
      locationId: target.locationId,
      startTime: target.startTime,
      holderEmail: input.customer_email,
      clientAddress: ctx.clientAddress,
      caps: ctx.caps,
    }),
  );
}

export async function releaseHold(ctx: PublicContext, holdId: string): Promise<void> {
  const [hold] = await ctx.tdb.list(bookingOccupancies, {
    where: and(eq(bookingOccupancies.id, holdId), eq(bookingOccupancies.kind, 'hold')),
    limit: 1,
  });
  if (!hold) throw new ApiError('not_found', 'No such hold.');
  await ctx.spendTenantBudget?.();
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
  input: Omit<BookingRequest, 'customer'> & { customer: BookRequest['customer'] },
  source: 'online' | 'widget' | 'manual' | 'api',
  options: { asAdmin?: boolean; overrideRules?: boolean } = {},
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
  const { appointmentId, appointment, links, expiresAt } = await onStaffLock<BookedAppointment>(
    ctx,
    { ...input, staff_id: staffRef },
    async (target) => {
      // Their calendars read again when last synced over a minute ago: before the lock,
      // never inside it, and bounded (1.5 s; on timeout or error the last good busy
      // times count). See features/calendar/fresh-read.ts.
      await freshenBeforeBooking(ctx.tdb, ctx.env, target.staffId, new Date());
      return slotLock(ctx.env, ctx.tenant.id, target.staffId).book({
        tenantId: ctx.tenant.id,
        staffId: target.staffId,
        serviceId: target.serviceRef,
        locationId: target.locationId,
        startTime: target.startTime,
        holdId: input.hold_id,
        customer: input.customer,
        notes: input.notes,
        locale: input.locale,
        timezone: input.timezone,
        answers: input.answers,
        metadata: input.metadata,
        source,
        origin: ctx.origin,
        // A booking at the desk is the business's own: no customer caps.
        ...(options.asAdmin
          ? { asAdmin: true, overrideRules: options.overrideRules === true }
          : { clientAddress: ctx.clientAddress, caps: ctx.caps }),
      });
    },
  );
  // A deposit is due: the booking holds its slot until `expiresAt`, unless paid. Its
  // payment changes the row, so that answer reads it again; any other answers from the
  // row the lock committed, with no database connection of the Worker's own.
  if (!expiresAt) return bookingResponse(ctx, appointment, null, links);
  const payment = await startDepositPayment(ctx, appointmentId, expiresAt);
  return bookingResponse(ctx, await findAppointment(ctx.tdb, appointmentId), payment);
}

export async function bookingResponse(
  ctx: PublicContext,
  appointment: Appointment,
  payment: BookingResponse['payment'] = null,
  /**
   * The token and links the lock made for this very row under this origin, when it
   * has them (`bookingLinks`): no signing, no read and no links of the Worker's own.
   */
  known?: BookingLinks,
): Promise<BookingResponse> {
  if (known) {
    return {
      appointment: appointmentView(appointment),
      manage_token: known.manage_token,
      ...known.links,
      payment,
    };
  }
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
