/**
 * Builders for the availability tests: a rule, a staff member or a service with
 * sensible defaults, so a test states only what it is about.
 */
import { DateTime } from 'luxon';
import { computeAvailability } from './engine.ts';
import type {
  AvailabilityContext,
  AvailabilityQuery,
  AvailabilityService,
  AvailabilitySlot,
  AvailabilityStaff,
  Occupancy,
  ScheduleRule,
} from './types.ts';

let ruleCounter = 0;

export function rule(fields: Partial<ScheduleRule>): ScheduleRule {
  ruleCounter++;
  return {
    id: `rule-${ruleCounter}`,
    staff_id: null,
    location_id: null,
    service_id: null,
    rule_type: 'recurring',
    day_of_week: null,
    start_time: null,
    end_time: null,
    specific_date: null,
    date_range_start: null,
    date_range_end: null,
    is_available: true,
    recurrence_pattern: null,
    priority: 0,
    ...fields,
  };
}

/** Weekly hours on each of `days` (0 = Sunday). */
export function weekly(
  days: readonly number[],
  start_time: string,
  end_time: string,
  fields: Partial<ScheduleRule> = {},
): ScheduleRule[] {
  return days.map((day_of_week) =>
    rule({ rule_type: 'recurring', day_of_week, start_time, end_time, ...fields }),
  );
}

export const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5] as const;

export function staffMember(fields: Partial<AvailabilityStaff> = {}): AvailabilityStaff {
  return {
    id: 'ana',
    timezone: 'America/New_York',
    buffer_time_before: 0,
    buffer_time_after: 0,
    min_notice_minutes: 0,
    max_advance_booking_days: 365,
    display_order: 0,
    location_ids: [],
    ...fields,
  };
}

export function service(fields: Partial<AvailabilityService> = {}): AvailabilityService {
  return {
    id: 'cut',
    duration_minutes: 60,
    buffer_time_before: 0,
    buffer_time_after: 0,
    slot_interval_minutes: null,
    min_notice_minutes: null,
    booking_type: 'individual',
    max_capacity: 1,
    available_with_staff: [],
    available_at_locations: [],
    ...fields,
  };
}

export function occupancy(
  staff_id: string,
  start: string,
  end: string,
  fields: Partial<Occupancy> = {},
): Occupancy {
  return { staff_id, start: new Date(start), end: new Date(end), kind: 'appointment', ...fields };
}

/** A context around one staff member in New York, overridable field by field. */
export function context(fields: Partial<AvailabilityContext> = {}): AvailabilityContext {
  return {
    business_timezone: 'America/New_York',
    staff: [staffMember()],
    rules: [],
    occupancies: [],
    ...fields,
  };
}

/** A long time before the 2027 dates the tests use, so notice and advance limits are off. */
export const LONG_AGO = new Date('2027-01-01T00:00:00Z');

/** Runs a query with defaults (one date, the default service, `now` long before). */
export function slotsOf(
  ctx: AvailabilityContext,
  fields: Partial<AvailabilityQuery> & { start_date: string },
): AvailabilitySlot[] {
  const result = computeAvailability(ctx, {
    service: service(),
    end_date: fields.start_date,
    now: LONG_AGO,
    ...fields,
  });
  return result.days.flatMap((day) => day.slots);
}

/** Start instants of slots, the shape most assertions compare. */
export function startsOf(slots: readonly AvailabilitySlot[]): string[] {
  return slots.map((slot) => slot.start_time);
}

/** Slot starts as local `'YYYY-MM-DD HH:MM'` in `zone`, for assertions a person can read. */
export function localStarts(
  slots: readonly AvailabilitySlot[],
  zone = 'America/New_York',
): string[] {
  return slots.map((slot) =>
    DateTime.fromISO(slot.start_time, { zone }).toFormat('yyyy-MM-dd HH:mm'),
  );
}

/** Slot starts as local `'HH:MM'` in `zone`. */
export function localTimes(
  slots: readonly AvailabilitySlot[],
  zone = 'America/New_York',
): string[] {
  return localStarts(slots, zone).map((text) => text.slice(11));
}

/** A table row for rule tests: rules, a date (or range) and the local starts expected. */
export interface RuleCase {
  name: string;
  rules: ScheduleRule[];
  start_date: string;
  /** With an end date, starts are compared as `'YYYY-MM-DD HH:MM'`, else as `'HH:MM'`. */
  end_date?: string;
  expected: string[];
}

/** Runs a `RuleCase` for staff member `ana` in New York. */
export function runRuleCase({ rules, start_date, end_date }: RuleCase): string[] {
  const slots = slotsOf(context({ rules }), { start_date, end_date: end_date ?? start_date });
  return end_date === undefined ? localTimes(slots) : localStarts(slots);
}
