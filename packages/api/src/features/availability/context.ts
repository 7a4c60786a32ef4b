import type {
  AvailabilityContext,
  AvailabilityService,
  AvailabilityStaff,
  Occupancy,
  ScheduleRule,
} from '@booksprintz/shared';
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import {
  ACTIVE_OCCUPANCY_STATUSES,
  type BookingAvailabilityRule,
  type BookingService,
  type BookingStaff,
  type BookingTenant,
  bookingAvailabilityRules,
  bookingExternalBusy,
  bookingLocations,
  bookingOccupancies,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

/**
 * A staff row as the engine reads it; the person's zone is their own, else their first
 * location's, else the business's (DESIGN §2).
 */
export function toEngineStaff(
  row: BookingStaff,
  locationZones: ReadonlyMap<string, string>,
  tenantZone: string,
): AvailabilityStaff {
  return {
    id: row.id,
    timezone:
      row.timezone ??
      row.location_ids.map((id) => locationZones.get(id)).find(Boolean) ??
      tenantZone,
    buffer_time_before: row.buffer_time_before,
    buffer_time_after: row.buffer_time_after,
    min_notice_minutes: row.min_advance_booking_hours * 60,
    max_advance_booking_days: row.max_advance_booking_days,
    display_order: row.display_order,
    location_ids: row.location_ids,
  };
}

/** A rules row as the engine reads it (the columns are checked by the database). */
export function toEngineRule(rule: BookingAvailabilityRule): ScheduleRule {
  return {
    ...rule,
    rule_type: rule.rule_type as ScheduleRule['rule_type'],
    recurrence_pattern: rule.recurrence_pattern as ScheduleRule['recurrence_pattern'],
  };
}

export function engineService(service: BookingService): AvailabilityService {
  return {
    id: service.id,
    duration_minutes: service.duration_minutes,
    buffer_time_before: service.buffer_time_before,
    buffer_time_after: service.buffer_time_after,
    slot_interval_minutes: service.slot_interval_minutes,
    min_notice_minutes: service.min_notice_minutes,
    booking_type: service.booking_type as AvailabilityService['booking_type'],
    max_capacity: service.max_capacity,
    available_with_staff: service.available_with_staff,
    available_at_locations: service.available_at_locations,
  };
}

export interface ContextRequest {
  tenant: BookingTenant;
  service: BookingService;
  /** Only these staff (already checked to exist); absent = every active staff member. */
  staffIds?: readonly string[];
  /** The staff rows themselves, already read active in this transaction (the lock's
   * re-check has them from `loadTarget`): one round trip fewer. */
  staffRows?: BookingStaff[];
  /** Occupancies that matter: those overlapping [from, to). */
  from: Date;
  to: Date;
  now: Date;
  /** An occupancy to ignore: the customer's own hold being turned into a booking. */
  ignoreOccupancyId?: string | undefined;
}

export interface LoadedContext extends AvailabilityContext {
  /**
   * The earliest moment after `now` at which a loaded occupancy lapses by itself (a hold
   * or unpaid booking reaching `expires_at`), so the answer changes with no write; null if none.
   */
  lapsesAt: Date | null;
}

/**
 * Everything the availability engine needs for one service, in five queries run
 * side by side: staff, locations, rules, occupancies and external busy times.
 */
export async function loadAvailabilityContext(
  tdb: TenantDb,
  request: ContextRequest,
): Promise<LoadedContext> {
  const { tenant, from, to, now } = request;
  const staffFilter = request.staffIds
    ? inArray(bookingStaff.id, [...request.staffIds])
    : undefined;
  const [staffRows, locationRows, rules] = await Promise.all([
    request.staffRows ??
      tdb.list(bookingStaff, {
        where: and(eq(bookingStaff.status, 'active'), staffFilter),
        orderBy: [asc(bookingStaff.display_order), asc(bookingStaff.id)],
      }),
    tdb.list(bookingLocations, {
      where: eq(bookingLocations.status, 'active'),
      orderBy: [asc(bookingLocations.display_order), asc(bookingLocations.name)],
    }),
    tdb.list(bookingAvailabilityRules, {
      where: or(
        isNull(bookingAvailabilityRules.service_id),
        eq(bookingAvailabilityRules.service_id, request.service.id),
      ),
    }),
  ]);
  const staffIds = staffRows.map((staff) => staff.id);
  const locationZones = new Map(locationRows.map((location) => [location.id, location.timezone]));
  const [occupancyRows, busyRows] =
    staffIds.length === 0
      ? [[], []]
      : await Promise.all([
          tdb.list(bookingOccupancies, {
            where: and(
              inArray(bookingOccupancies.staff_id, staffIds),
              inArray(bookingOccupancies.status, [...ACTIVE_OCCUPANCY_STATUSES]),
              // A seat hold takes a seat of its session, not time of its own.
              isNull(bookingOccupancies.session_occupancy_id),
              // As the exclusion constraint's GiST index reads it (context-query.ts).
              sql`tstzrange(${bookingOccupancies.blocked_from}, ${bookingOccupancies.blocked_until}, '[)') && tstzrange(${from}, ${to}, '[)')`,
              // An expired hold or unpaid booking no longer blocks, even before the
              // alarm has released it.
              or(isNull(bookingOccupancies.expires_at), gt(bookingOccupancies.expires_at, now)),
            ),
          }),
          tdb.list(bookingExternalBusy, {
            where: and(
              inArray(bookingExternalBusy.staff_id, staffIds),
              lt(bookingExternalBusy.starts_at, to),
              gt(bookingExternalBusy.ends_at, from),
            ),
          }),
        ]);

  const staff = staffRows.map((row) => toEngineStaff(row, locationZones, tenant.timezone));

  const occupancies: Occupancy[] = [];
  let lapsesAt: Date | null = null;
  for (const row of occupancyRows) {
    if (row.id === request.ignoreOccupancyId) continue;
    if (row.expires_at && (!lapsesAt || row.expires_at < lapsesAt)) lapsesAt = row.expires_at;
    occupancies.push({
      staff_id: row.staff_id,
      start: row.blocked_from,
      end: row.blocked_until,
      kind: row.kind as Occupancy['kind'],
      service_id: row.service_id,
      seats_taken: row.seats_taken,
      capacity: row.capacity,
      session_start: row.start_time,
    });
  }
  for (const row of busyRows) {
    occupancies.push({
      staff_id: row.staff_id,
      start: row.starts_at,
      end: row.ends_at,
      kind: 'external',
    });
  }

  return {
    business_timezone: tenant.timezone,
    staff,
    locations: locationRows.map((location) => ({ id: location.id, timezone: location.timezone })),
    rules: rules.map(toEngineRule),
    occupancies,
    lapsesAt,
  };
}
