/**
 * Booking inside the staff member's SlotLock (DESIGN §4): load and check the target,
 * then take the time in one transaction.
 *
 * Long file: `bookUnderLock` is one transaction whose steps read best in order, beside
 * the three ways it takes time (the customer's hold, a group seat, a new occupancy).
 */
import { depositCents, isUuid } from '@booksprintz/shared';
import { and, eq, gt, sql } from 'drizzle-orm';
import { ENCRYPTED, encryptNullable } from '../../db/field-encryption.ts';
import {
  type Appointment,
  appointments,
  type BookingOccupancy,
  type BookingService,
  type BookingStaff,
  type BookingTenant,
  bookingCustomers,
  bookingOccupancies,
  bookingServices,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { recordBookingEvent } from '../notifications/events.ts';
import { confirmationCode } from './confirmation-code.ts';
import { assertCustomerCaps } from './customer-caps.ts';
import type { BookRequest, SlotChange } from './lock-protocol.ts';
import {
  lockStaffCalendar,
  occupiedRange,
  releaseExpired,
  slotChange,
  takeSessionSeat,
} from './occupancy.ts';
import { openSlot } from './open-slot.ts';

const MINUTE = 60_000;

export interface BookingTarget {
  tenant: BookingTenant;
  service: BookingService;
  staff: BookingStaff;
}

/** Loads the tenant, service and staff member fresh inside the transaction. */
export async function loadTarget(
  tx: TenantDb,
  serviceRef: string,
  staffId: string,
  options: { includeOffline?: boolean } = {},
): Promise<BookingTarget> {
  // The Worker may pass the customer's service reference as given (id or slug): the
  // lock resolves it, so a request it turns away costs the Worker no query.
  const serviceMatch = isUuid(serviceRef)
    ? eq(bookingServices.id, serviceRef.toLowerCase())
    : eq(bookingServices.slug, serviceRef);
  const [tenant, [service], staff] = await Promise.all([
    tx.tenant(),
    tx.list(bookingServices, {
      where: and(serviceMatch, eq(bookingServices.status, 'active')),
      limit: 1,
    }),
    isUuid(staffId)
      ? tx.get(bookingStaff, staffId.toLowerCase(), eq(bookingStaff.status, 'active'))
      : undefined,
  ]);
  if (!tenant) throw new ApiError('not_found', 'No such business.');
  if (!service || (!service.online_booking_enabled && !options.includeOffline)) {
    throw new ApiError('not_found', 'No such bookable service.');
  }
  if (!staff) throw new ApiError('not_found', 'No such staff member.');
  return { tenant, service, staff };
}

/** The customer's live hold for exactly this booking, if they still have one. */
async function liveHold(tx: TenantDb, request: BookRequest, start: Date, now: Date) {
  if (!request.holdId) return undefined;
  return tx.get(
    bookingOccupancies,
    request.holdId,
    and(
      eq(bookingOccupancies.kind, 'hold'),
      eq(bookingOccupancies.status, 'held'),
      eq(bookingOccupancies.staff_id, request.staffId),
      eq(bookingOccupancies.service_id, request.serviceId),
      eq(bookingOccupancies.start_time, start),
      gt(bookingOccupancies.expires_at, now),
    ),
  );
}

/**
 * Books inside the staff member's lock and one transaction: advisory lock, expired
 * holds released, the exact slot re-checked by the engine, the occupancy taken (the
 * customer's own hold turned into the booking, a seat of a group session, or a new
 * occupancy the exclusion constraint guards), the appointment and customer written.
 */
export async function bookUnderLock(
  tx: TenantDb,
  env: Env,
  request: BookRequest,
  now: Date,
): Promise<{
  appointmentId: string;
  appointment: Appointment;
  changes: SlotChange[];
  individual: boolean;
  /** Set when the booking awaits its deposit: the slot is let go then (the lock's alarm). */
  expiresAt?: Date;
}> {
  await lockStaffCalendar(tx, request.staffId);
  const changes = await releaseExpired(tx, env, request.staffId, now);
  const target = await loadTarget(tx, request.serviceId, request.staffId, {
    includeOffline: request.asAdmin === true,
  });
  if (request.caps) {
    const claimant = {
      email: request.customer.email,
      address: request.clientAddress,
      holdId: request.holdId,
    };
    await assertCustomerCaps(tx, claimant, request.caps, now);
  }
  // From here on the request names the service by its id.
  request = { ...request, serviceId: target.service.id };
  const { service, staff, tenant } = target;
  const start = new Date(request.startTime);
  const hold = await liveHold(tx, request, start, now);
  const group = service.booking_type !== 'individual';

  // A seat hold already counts in its session; anything else is re-checked here. A desk
  // override skips the engine's rules on purpose; the overlap constraint still guards.
  let locationId = request.locationId ?? hold?.location_id ?? null;
  const overridden = request.asAdmin === true && request.overrideRules === true;
  if (!(group && hold?.session_occupancy_id) && !overridden) {
    try {
      const slot = await openSlot(tx, {
        tenant,
        service,
        staffId: staff.id,
        staff,
        start,
        locationId: request.locationId,
        now,
        ignoreOccupancyId: hold?.id,
      });
      // With no location asked for, the booking is where the slot is open.
      locationId ??= slot.location_id;
    } catch (error) {
      if (request.holdId && !hold && error instanceof ApiError) {
        throw new ApiError('hold_expired', 'The hold on this time expired and the time is gone.');
      }
      throw error;
    }
  }

  // A deposit keeps the booking pending, its slot held until the tenant's hold time runs
  // out (DESIGN §3.6, §5). Desk bookings settle payment at the desk; a seat of a session
  // has no time of its own to hold, so group services take no deposit.
  const deposit = group || request.asAdmin ? 0 : depositCents(service);
  const expiresAt =
    deposit > 0 ? new Date(now.getTime() + tenant.hold_minutes * MINUTE) : undefined;
  const awaitingApproval = service.requires_approval && !request.asAdmin;
  const status = awaitingApproval || deposit > 0 ? 'pending' : 'confirmed';
  const range = occupiedRange(staff, service, start);
  const placed = { ...request, locationId };
  const occupancyId = group
    ? await takeGroupSeat(tx, placed, target, range, hold, status, now)
    : await takeTime(tx, placed, range, hold, status, expiresAt ?? null, now);
  if (!group || !hold)
    changes.push(slotChange('taken', staff.id, range.start_time, range.end_time));

  const email = request.customer.email?.toLowerCase() ?? null;
  const phone = request.customer.phone;
  // A walk-in who gave no e-mail has no customer record: there is nothing to key it by.
  const customer = email
    ? await tx.upsert(
        bookingCustomers,
        {
          email,
          name: request.customer.name,
          phone_encrypted: await encryptNullable(
            env.ENCRYPTION_KEY,
            ENCRYPTED.customerPhone,
            phone,
          ),
          timezone: request.timezone ?? null,
          locale: request.locale ?? null,
          sms_opt_in: request.customer.sms_opt_in ?? false,
          total_appointments: 1,
          last_appointment_at: start,
        },
        [bookingCustomers.tenant_id, bookingCustomers.email],
        {
          name: request.customer.name,
          ...(phone
            ? {
                phone_encrypted: await encryptNullable(
                  env.ENCRYPTION_KEY,
                  ENCRYPTED.customerPhone,
                  phone,
                ),
              }
            : {}),
          ...(request.customer.sms_opt_in !== undefined
            ? { sms_opt_in: request.customer.sms_opt_in }
            : {}),
          total_appointments: sql`${bookingCustomers.total_appointments} + 1`,
          last_appointment_at: sql`greatest(${bookingCustomers.last_appointment_at}, ${start.toISOString()}::timestamptz)`,
          updated_at: now,
        },
      )
    : undefined;

  const appointment = await tx.insert(appointments, {
    service_id: service.id,
    staff_id: staff.id,
    location_id: locationId,
    occupancy_id: occupancyId,
    customer_id: customer?.id ?? null,
    start_time: range.start_time,
    end_time: range.end_time,
    duration_minutes: service.duration_minutes,
    timezone: request.timezone ?? null,
    locale: request.locale ?? tenant.locale,
    customer_name: request.customer.name,
    customer_email: email,
    client_address: request.clientAddress ?? null,
    customer_phone_encrypted: await encryptNullable(
      env.ENCRYPTION_KEY,
      ENCRYPTED.appointmentPhone,
      phone,
    ),
    customer_notes: request.notes ?? null,
    answers: request.answers ?? {},
    confirmation_code: confirmationCode(),
    booking_source: request.source,
    status,
    requires_approval: service.requires_approval,
    rules_overridden: overridden,
    total_price_cents: service.price_cents,
    currency: service.currency,
    deposit_cents: deposit,
    payment_status: deposit > 0 ? 'pending' : 'unpaid',
    metadata: request.metadata ?? {},
  });
  await recordBookingEvent(
    tx,
    env,
    { type: 'appointment.created', appointmentId: appointment.id },
    now,
  );
  return {
    appointmentId: appointment.id,
    appointment,
    changes,
    individual: !group,
    ...(expiresAt ? { expiresAt } : {}),
  };
}

async function takeTime(
  tx: TenantDb,
  request: BookRequest,
  range: ReturnType<typeof occupiedRange>,
  hold: BookingOccupancy | undefined,
  status: 'pending' | 'confirmed',
  expiresAt: Date | null,
  now: Date,
): Promise<string> {
  if (hold) {
    // The hold becomes the booking: same row, so nothing is freed and re-taken.
    await tx.update(bookingOccupancies, hold.id, {
      kind: 'appointment',
      status,
      expires_at: expiresAt,
      holder_email: null,
      holder_ip: null,
      ...range,
      updated_at: now,
    });
    return hold.id;
  }
  const occupancy = await tx.insert(bookingOccupancies, {
    staff_id: request.staffId,
    service_id: request.serviceId,
    location_id: request.locationId,
    kind: 'appointment',
    status,
    expires_at: expiresAt,
    ...range,
  });
  return occupancy.id;
}

async function takeGroupSeat(
  tx: TenantDb,
  request: BookRequest,
  target: BookingTarget,
  range: ReturnType<typeof occupiedRange>,
  hold: BookingOccupancy | undefined,
  status: 'pending' | 'confirmed',
  now: Date,
): Promise<string> {
  let sessionId: string | undefined;
  if (hold?.session_occupancy_id) {
    // The held seat is already counted in its session: the hold row just ends.
    await tx.update(bookingOccupancies, hold.id, { status: 'released', updated_at: now });
    sessionId = hold.session_occupancy_id;
  } else {
    sessionId = await takeSessionSeat(
      tx,
      request.staffId,
      request.serviceId,
      range.start_time,
      now,
    );
  }
  if (sessionId) {
    // A session opened by a hold expired with it; with a booking in it, it stays.
    await tx.update(bookingOccupancies, sessionId, {
      expires_at: null,
      ...(status === 'confirmed' ? { status: 'confirmed' } : {}),
      updated_at: now,
    });
    return sessionId;
  }
  const session = await tx.insert(bookingOccupancies, {
    staff_id: request.staffId,
    service_id: request.serviceId,
    location_id: request.locationId,
    kind: 'session',
    status: status === 'pending' ? 'pending' : 'confirmed',
    capacity: target.service.max_capacity,
    seats_taken: 1,
    ...range,
  });
  return session.id;
}
