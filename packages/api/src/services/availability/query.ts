import {
  type AvailabilityQueryInput,
  type AvailabilityResult,
  computeAvailability,
} from '@booksprintz/shared';
import type { BookingTenant } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../errors/api-error.ts';
import { findActiveLocation, findActiveStaff, findBookableService } from '../catalog.ts';
import { engineService, loadAvailabilityContext } from './context.ts';

const DAY_MS = 86_400_000;

/**
 * `GET …/availability`: resolves the references, loads what the engine needs for
 * the range (with two days' margin each side for zones and buffers), and runs it.
 */
export async function getAvailability(
  tdb: TenantDb,
  tenant: BookingTenant,
  query: AvailabilityQueryInput,
  now: Date = new Date(),
): Promise<AvailabilityResult> {
  const service = await findBookableService(tdb, query.service_id);
  const staff = query.staff_id ? await findActiveStaff(tdb, query.staff_id) : undefined;
  const location = query.location_id ? await findActiveLocation(tdb, query.location_id) : undefined;
  const startDate = query.date ?? query.start_date ?? '';
  const endDate = query.date ?? query.end_date ?? '';
  const context = await loadAvailabilityContext(tdb, {
    tenant,
    service,
    ...(staff ? { staffIds: [staff.id] } : {}),
    from: new Date(Date.parse(startDate) - 2 * DAY_MS),
    to: new Date(Date.parse(endDate) + 3 * DAY_MS),
    now,
  });
  try {
    return computeAvailability(context, {
      service: engineService(service),
      staff_id: staff?.id ?? null,
      location_id: location?.id ?? null,
      start_date: startDate,
      end_date: endDate,
      display_timezone: query.timezone ?? tenant.timezone,
      now,
    });
  } catch (error) {
    // The engine refuses impossible input (a date like 2027-02-30) with RangeError.
    if (error instanceof RangeError) throw new ApiError('validation_failed', error.message);
    throw error;
  }
}
