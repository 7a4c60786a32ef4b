import {
  type AvailabilityContext,
  type AvailabilitySlot,
  findBookableSlot,
} from '@booksprintz/shared';
import type { BookingService, BookingStaff, BookingTenant } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { engineService, loadAvailabilityContext } from '../availability/context.ts';

const DAY = 86_400_000;

export interface OpenSlotRequest {
  tenant: BookingTenant;
  service: BookingService;
  start: Date;
  locationId: string | null;
  now: Date;
  /** This staff member only; absent = any eligible staff member (DESIGN §3.4). */
  staffId?: string | undefined;
  /** That staff member's row, when the caller has just read it active (saves a query). */
  staff?: BookingStaff | undefined;
  /** Staff members whose lock already said no, left out of an any-staff choice. */
  exclude?: ReadonlySet<string> | undefined;
  /** The customer's own hold or appointment, which does not stand in its own way. */
  ignoreOccupancyId?: string | undefined;
}

/**
 * Asks the availability engine about one exact start, against the database as `tdb`
 * sees it: with a staff member, whether that person can take it (the lock's re-check);
 * without, who would get it, exactly as the slot list named them. The booking path
 * never re-implements a rule. Throws 409 `slot_unavailable` when no one can.
 */
export async function openSlot(tdb: TenantDb, request: OpenSlotRequest): Promise<AvailabilitySlot> {
  const { tenant, service, start, now, staffId } = request;
  const context = await loadAvailabilityContext(tdb, {
    tenant,
    service,
    ...(staffId ? { staffIds: [staffId] } : {}),
    ...(staffId && request.staff?.id === staffId ? { staffRows: [request.staff] } : {}),
    from: new Date(start.getTime() - 2 * DAY),
    to: new Date(start.getTime() + 2 * DAY),
    now,
    ignoreOccupancyId: request.ignoreOccupancyId,
  });
  return bookableSlot(context, request);
}

/**
 * The engine's answer for one exact start against a context already loaded (the lock
 * reads it with everything else in one statement). Throws 409 `slot_unavailable`.
 */
export function bookableSlot(
  context: AvailabilityContext,
  request: Pick<
    OpenSlotRequest,
    'service' | 'start' | 'locationId' | 'now' | 'staffId' | 'exclude'
  >,
): AvailabilitySlot {
  const { service, start, now, staffId, exclude } = request;
  const slot = findBookableSlot(
    exclude?.size
      ? { ...context, staff: context.staff.filter((staff) => !exclude.has(staff.id)) }
      : context,
    {
      service: engineService(service),
      staff_id: staffId ?? null,
      location_id: request.locationId,
      start_time: start,
      now,
    },
  );
  if (!slot) {
    throw new ApiError(
      'slot_unavailable',
      staffId ? 'That time is not available any more.' : 'No one is free at that time any more.',
    );
  }
  return slot;
}
