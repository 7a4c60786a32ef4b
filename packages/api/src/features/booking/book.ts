/**
 * Booking inside the staff member's SlotLock (DESIGN §4): load and check the target,
 * then take the time in one transaction.
 *
 * Long file: `bookUnderLock` is one transaction whose steps read best in order, beside
 * the three ways it takes time (the customer's hold, a group seat, a new occupancy).
 */
import { depositCents, isUuid } from '@booksprintz/shared';
import { and, eq } from 'drizzle-orm';
import { NeedsTransaction } from '../../db/kept-transaction.ts';
import {
  type Appointment,
  type BookingOccupancy,
  type BookingService,
  type BookingStaff,
  type BookingTenant,
  bookingOccupancies,
  bookingServices,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { type BookingLinks, bookingLinks } from './booking-answer.ts';
import { loadBookingDocument } from './booking-document.ts';
import { writeBooking } from './booking-write.ts';
import type { BookingDelivery } from './claimed-outbox.ts';
import { assertCustomerCaps } from './customer-caps.ts';
import type { BookRequest, SlotChange } from './lock-protocol.ts';
import {
  lockStaffCalendar,
  occupiedRange,
  releaseExpired,
  slotChange,
  takeSessionSeat,
} from './occupancy.ts';
import { bookableSlot } from './open-slot.ts';

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

/**
 * Books inside the staff member's lock (its queue runs one operation at a time).
 *
 * Fast path (`tx.autocommit`, a plain new appointment: no hold, no caps, nothing expired,
 * not a group seat): two round trips and no transaction — the booking document read on
 * its own, the engine's re-check, then one statement that takes the staff member's
 * advisory lock before it inserts anything and writes the whole booking (`writeBooking`).
 * Nothing else books this person meanwhile (the queue), and the exclusion constraint is
 * the final guard against overlap whatever wrote last (DESIGN §4). Any other booking
 * throws `NeedsTransaction` before writing and runs again on the path below.
 *
 * Transaction path: advisory lock; one read of
 * everything the booking needs (`loadBookingDocument`); expired holds released if there
 * are any; the exact slot re-checked by the engine; the occupancy taken (the customer's
 * own hold turned into the booking, a seat of a group session, or a new occupancy the
 * exclusion constraint guards) and the customer, appointment, messages and webhook
 * deliveries written in one statement (`writeBooking`). For a new individual booking:
 * begin, lock, read, write, commit — five round trips on the lock's kept connection.
 */
export async function bookUnderLock(
  tx: TenantDb,
  env: Env,
  request: BookRequest,
  now: Date,
): Promise<{
  appointmentId: string;
  appointment: Appointment;
  /** The answer's token and links (`request.origin` given, no deposit due). */
  links: BookingLinks | undefined;
  changes: SlotChange[];
  individual: boolean;
  /** Set when the booking awaits its deposit: the slot is let go then (the lock's alarm). */
  expiresAt?: Date;
  /** What to send after the commit. */
  delivery: BookingDelivery;
}> {
  // The fast path (autocommit, see below) books a plain new appointment; anything that
  // writes more than one statement's worth goes back for a transaction first.
  if (tx.autocommit && (request.holdId || request.caps)) {
    throw new NeedsTransaction('a hold or customer caps');
  }
  if (!tx.autocommit) await lockStaffCalendar(tx, request.staffId);
  let doc = await loadBookingDocument(tx, request, now);
  if (tx.autocommit && (doc.expired || doc.service.booking_type !== 'individual')) {
    throw new NeedsTransaction('an expired hold to release or a group seat');
  }
  let changes: SlotChange[] = [];
  if (doc.expired) {
    // Rare: something of this person's lapsed and no alarm has released it yet. Release
    // it, then read again, so the re-check sees the seats and times it gave back.
    changes = await releaseExpired(tx, env, request.staffId, now);
    doc = await loadBookingDocument(tx, request, now);
  }
  if (request.caps) {
    const claimant = {
      email: request.customer.email,
      address: request.clientAddress,
      holdId: request.holdId,
    };
    await assertCustomerCaps(tx, claimant, request.caps, now);
  }
  const { service, staff, tenant, hold } = doc;
  const target = { tenant, service, staff };
  // From here on the request names the service by its id.
  request = { ...request, serviceId: service.id };
  const start = new Date(request.startTime);
  const group = service.booking_type !== 'individual';

  // A seat hold already counts in its session; anything else is re-checked here. A desk
  // override skips the engine's rules on purpose; the overlap constraint still guards.
  let locationId = request.locationId ?? hold?.location_id ?? null;
  const overridden = request.asAdmin === true && request.overrideRules === true;
  if (!(group && hold?.session_occupancy_id) && !overridden) {
    try {
      const slot = bookableSlot(doc.context, {
        service,
        staffId: staff.id,
        start,
        locationId: request.locationId,
        now,
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
  // A new occupancy of an individual booking is written with the rest, in one statement.
  const occupancyId = group
    ? await takeGroupSeat(tx, placed, target, range, hold, status, now)
    : hold
      ? await takeTime(tx, range, hold, status, expiresAt ?? null, now)
      : null;
  if (!group || !hold)
    changes.push(slotChange('taken', staff.id, range.start_time, range.end_time));

  const { appointment, snapshot, delivery, links } = await writeBooking(tx, env, {
    request,
    tenant,
    service,
    staff,
    locationId,
    location: doc.locations.find((location) => location.id === locationId),
    range,
    occupancyId,
    status,
    expiresAt: expiresAt ?? null,
    deposit,
    customer: doc.customer,
    webhooks: doc.webhooks,
    overridden,
    now,
  });
  return {
    appointmentId: appointment.id,
    appointment,
    // A deposit's answer reads the row again after its payment starts: no links yet.
    links:
      request.origin && !expiresAt
        ? await bookingLinks(env, request.origin, snapshot, links)
        : undefined,
    changes,
    individual: !group,
    ...(expiresAt ? { expiresAt } : {}),
    delivery,
  };
}

async function takeTime(
  tx: TenantDb,
  range: ReturnType<typeof occupiedRange>,
  hold: BookingOccupancy,
  status: 'pending' | 'confirmed',
  expiresAt: Date | null,
  now: Date,
): Promise<string> {
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
