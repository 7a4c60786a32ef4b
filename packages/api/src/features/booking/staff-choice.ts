import { findBookableSlot } from '@booksprintz/shared';
import type { BookingService, BookingTenant } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { engineService, loadAvailabilityContext } from '../availability/context.ts';

const DAY = 86_400_000;

/**
 * "Any staff" (DESIGN §3.4): asks the engine who would get this start, exactly as the
 * slot list named them, leaving out staff whose lock already said no.
 */
export async function chooseStaff(
  tdb: TenantDb,
  tenant: BookingTenant,
  service: BookingService,
  start: Date,
  locationId: string | null,
  exclude: ReadonlySet<string>,
  now: Date,
): Promise<string> {
  const context = await loadAvailabilityContext(tdb, {
    tenant,
    service,
    from: new Date(start.getTime() - 2 * DAY),
    to: new Date(start.getTime() + 2 * DAY),
    now,
  });
  const slot = findBookableSlot(
    { ...context, staff: context.staff.filter((staff) => !exclude.has(staff.id)) },
    {
      service: engineService(service),
      staff_id: null,
      location_id: locationId,
      start_time: start,
      now,
    },
  );
  if (!slot) throw new ApiError('slot_unavailable', 'No one is free at that time any more.');
  return slot.staff_id;
}
