import { and, eq } from 'drizzle-orm';
import { bookingOccupancies } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toInstant } from '../../http/serialize.ts';
import { loadTarget } from './book.ts';
import { assertCustomerCaps } from './customer-caps.ts';
import type { HoldPlaced, HoldRequest, SlotChange } from './lock-protocol.ts';
import {
  giveSeatBack,
  lockStaffCalendar,
  occupiedRange,
  releaseExpired,
  slotChange,
  takeSessionSeat,
} from './occupancy.ts';
import { openSlot } from './open-slot.ts';

const MINUTE = 60_000;

/**
 * Holds a slot while the customer types (DESIGN §4): an occupancy with an expiry, so
 * the exclusion constraint covers it and everyone else stops seeing the slot. For a
 * group service the hold takes one seat of the session instead of time.
 */
export async function holdUnderLock(
  tx: TenantDb,
  env: Env,
  request: HoldRequest,
  now: Date,
): Promise<{ hold: HoldPlaced; changes: SlotChange[]; expiresAt: Date; individual: boolean }> {
  await lockStaffCalendar(tx, request.staffId);
  const changes = await releaseExpired(tx, env, request.staffId, now);
  const target = await loadTarget(tx, request.serviceId, request.staffId);
  // From here on the request names the service by its id.
  request = { ...request, serviceId: target.service.id };
  if (request.caps) {
    const claimant = { email: request.holderEmail, address: request.clientAddress };
    await assertCustomerCaps(tx, claimant, request.caps, now);
  }

  const start = new Date(request.startTime);
  const slot = await openSlot(tx, {
    tenant: target.tenant,
    service: target.service,
    staffId: target.staff.id,
    staff: target.staff,
    start,
    locationId: request.locationId,
    now,
  });
  const locationId = request.locationId ?? slot.location_id;
  const range = occupiedRange(target.staff, target.service, start);
  const expiresAt = new Date(now.getTime() + target.tenant.hold_minutes * MINUTE);
  const group = target.service.booking_type !== 'individual';

  let sessionId: string | null = null;
  if (group) {
    sessionId = (await takeSessionSeat(tx, request.staffId, request.serviceId, start, now)) ?? null;
    if (!sessionId) {
      // No session yet: the hold opens it (one seat taken) so the time is blocked.
      const session = await tx.insert(bookingOccupancies, {
        staff_id: request.staffId,
        service_id: request.serviceId,
        location_id: locationId,
        kind: 'session',
        status: 'pending',
        capacity: target.service.max_capacity,
        seats_taken: 1,
        expires_at: expiresAt,
        ...range,
      });
      sessionId = session.id;
      changes.push(slotChange('taken', request.staffId, range.start_time, range.end_time));
    }
  }
  const hold = await tx.insert(bookingOccupancies, {
    staff_id: request.staffId,
    service_id: request.serviceId,
    location_id: locationId,
    kind: 'hold',
    status: 'held',
    expires_at: expiresAt,
    session_occupancy_id: sessionId,
    holder_email: request.holderEmail?.toLowerCase() ?? null,
    holder_ip: request.clientAddress ?? null,
    ...range,
  });
  if (!group) changes.push(slotChange('taken', request.staffId, range.start_time, range.end_time));
  return {
    hold: {
      hold_id: hold.id,
      staff_id: request.staffId,
      start_time: toInstant(range.start_time),
      end_time: toInstant(range.end_time),
      expires_at: toInstant(expiresAt),
    },
    changes,
    expiresAt,
    individual: !group,
  };
}

/** Releases a hold at once (the customer went back or closed the widget). Idempotent. */
export async function releaseHoldUnderLock(
  tx: TenantDb,
  staffId: string,
  holdId: string,
  now: Date,
): Promise<SlotChange[]> {
  await lockStaffCalendar(tx, staffId);
  const hold = await tx.get(
    bookingOccupancies,
    holdId,
    and(eq(bookingOccupancies.kind, 'hold'), eq(bookingOccupancies.status, 'held')),
  );
  if (!hold) return [];
  await tx.update(bookingOccupancies, hold.id, { status: 'released', updated_at: now });
  if (hold.session_occupancy_id) await giveSeatBack(tx, hold.session_occupancy_id, now);
  return [slotChange('freed', staffId, hold.start_time, hold.end_time)];
}
