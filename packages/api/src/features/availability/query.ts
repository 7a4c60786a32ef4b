import {
  type AvailabilityQueryInput,
  type AvailabilityResult,
  computeAvailability,
} from '@booksprintz/shared';
import type { BookingTenant } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { loadAvailabilityDocument } from './availability-document.ts';
import { AvailabilityCache, MAX_AGE_MS } from './cache.ts';
import { engineService } from './context.ts';

const DAY_MS = 86_400_000;

/** One per isolate: see cache.ts for when an entry may be served. */
const cache = new AvailabilityCache();

/**
 * `GET …/availability` as the JSON text of its response. The tenant's availability
 * version is read first, so a cached answer is never older than the version it is
 * filed under.
 */
export async function getAvailabilityJson(
  tdb: TenantDb,
  tenant: BookingTenant,
  query: AvailabilityQueryInput,
  now: Date = new Date(),
): Promise<string> {
  const version = await tdb.availabilityVersion();
  const key = [
    tenant.id,
    query.service_id,
    query.staff_id ?? '',
    query.location_id ?? '',
    query.date ?? `${query.start_date}/${query.end_date}`,
    query.timezone ?? '',
  ].join('\n');
  return cache.get(key, version, now.getTime(), async () => {
    const { result, lapsesAt } = await computeAvailabilityFor(tdb, tenant, query, now);
    const expiresAt = Math.min(now.getTime() + MAX_AGE_MS, lapsesAt?.getTime() ?? Infinity);
    return { body: JSON.stringify(result), expiresAt };
  });
}

/**
 * Resolves the references and loads what the engine needs for the range (with two days'
 * margin each side for zones and buffers) in one statement, then runs the engine.
 */
async function computeAvailabilityFor(
  tdb: TenantDb,
  tenant: BookingTenant,
  query: AvailabilityQueryInput,
  now: Date,
): Promise<{ result: AvailabilityResult; lapsesAt: Date | null }> {
  const startDate = query.date ?? query.start_date ?? '';
  const endDate = query.date ?? query.end_date ?? '';
  const { service, staffId, locationId, context } = await loadAvailabilityDocument(tdb, {
    tenant,
    serviceRef: query.service_id,
    staffRef: query.staff_id,
    locationRef: query.location_id,
    from: new Date(Date.parse(startDate) - 2 * DAY_MS),
    to: new Date(Date.parse(endDate) + 3 * DAY_MS),
    now,
  });
  try {
    const result = computeAvailability(context, {
      service: engineService(service),
      staff_id: staffId,
      location_id: locationId,
      start_date: startDate,
      end_date: endDate,
      display_timezone: query.timezone ?? tenant.timezone,
      now,
    });
    return { result, lapsesAt: context.lapsesAt };
  } catch (error) {
    // The engine refuses impossible input (a date like 2027-02-30) with RangeError.
    if (error instanceof RangeError) throw new ApiError('validation_failed', error.message);
    throw error;
  }
}
