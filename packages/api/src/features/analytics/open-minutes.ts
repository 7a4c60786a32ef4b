import { type AvailabilityContext, staffOpenIntervals } from '@booksprintz/shared';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type BookingTenant,
  bookingAvailabilityRules,
  bookingLocations,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toEngineRule, toEngineStaff } from '../availability/context.ts';
import type { Period } from './period.ts';

/**
 * Open minutes per staff member over a period, from the engine's own rules (hours,
 * overrides, time off, location hours) — utilisation's denominator is the time slots
 * could have been offered, not a second reading of the rules.
 */
export async function openMinutesByStaff(
  tdb: TenantDb,
  tenant: BookingTenant,
  periods: Period[],
  staffId: string | null,
): Promise<{ staffIds: string[]; minutes: Array<Map<string, number>> }> {
  const [staffRows, locationRows, rules] = await Promise.all([
    tdb.list(bookingStaff, {
      where: and(
        eq(bookingStaff.status, 'active'),
        staffId ? inArray(bookingStaff.id, [staffId]) : undefined,
      ),
      orderBy: [asc(bookingStaff.display_order), asc(bookingStaff.id)],
    }),
    tdb.list(bookingLocations, { where: eq(bookingLocations.status, 'active') }),
    tdb.list(bookingAvailabilityRules, { where: isNull(bookingAvailabilityRules.service_id) }),
  ]);
  const zones = new Map(locationRows.map((location) => [location.id, location.timezone]));
  const context: AvailabilityContext = {
    business_timezone: tenant.timezone,
    staff: staffRows.map((row) => toEngineStaff(row, zones, tenant.timezone)),
    locations: locationRows.map((location) => ({ id: location.id, timezone: location.timezone })),
    rules: rules.map(toEngineRule),
    occupancies: [],
  };
  const minutes = periods.map((period) => {
    const byStaff = new Map<string, number>();
    for (const row of staffRows) {
      const open = staffOpenIntervals(context, row.id, period.from.getTime(), period.to.getTime());
      byStaff.set(
        row.id,
        Math.round(open.reduce((sum, piece) => sum + (piece.end - piece.start), 0) / 60_000),
      );
    }
    return byStaff;
  });
  return { staffIds: staffRows.map((row) => row.id), minutes };
}
