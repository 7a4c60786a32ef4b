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

/** What open time is computed from: the active staff, in order, and the engine's rules. */
export interface OpenTimeRules {
  staffIds: string[];
  context: AvailabilityContext;
}

/** Reads the rules the engine needs for open time (hours, overrides, time off, locations). */
export async function readOpenTimeRules(
  tdb: TenantDb,
  tenant: BookingTenant,
  staffId: string | null,
): Promise<OpenTimeRules> {
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
  return {
    staffIds: staffRows.map((row) => row.id),
    context: {
      business_timezone: tenant.timezone,
      staff: staffRows.map((row) => toEngineStaff(row, zones, tenant.timezone)),
      locations: locationRows.map((location) => ({ id: location.id, timezone: location.timezone })),
      rules: rules.map(toEngineRule),
      occupancies: [],
    },
  };
}

/**
 * Open minutes per staff member over each period, from the engine's own rules —
 * utilisation's denominator is the time slots could have been offered, not a second
 * reading of the rules. Pure: no I/O.
 */
export function openMinutesByStaff(
  { staffIds, context }: OpenTimeRules,
  periods: Period[],
): Array<Map<string, number>> {
  return periods.map((period) => {
    const byStaff = new Map<string, number>();
    for (const id of staffIds) {
      const open = staffOpenIntervals(context, id, period.from.getTime(), period.to.getTime());
      byStaff.set(
        id,
        Math.round(open.reduce((sum, piece) => sum + (piece.end - piece.start), 0) / 60_000),
      );
    }
    return byStaff;
  });
}
