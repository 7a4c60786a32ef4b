/**
 * Inputs and outputs of the availability engine. Field names follow the database
 * columns and the HTTP API (snake_case) so callers map rows without renaming.
 * Everything the engine needs is passed in: it does no I/O and reads no clock.
 */

/** A staff member able to take bookings. */
export interface AvailabilityStaff {
  id: string;
  /** IANA zone, already resolved staff → location → tenant by the caller. */
  timezone: string;
  /** Minutes kept free before each of this person's appointments. */
  buffer_time_before: number;
  /** Minutes kept free after each of this person's appointments. */
  buffer_time_after: number;
  /** Shortest notice this person accepts (`min_advance_booking_hours × 60`). */
  min_notice_minutes: number;
  /** How far ahead this person can be booked, in calendar days of their zone. */
  max_advance_booking_days: number;
  display_order: number;
  /** Locations this person works at; empty = all. */
  location_ids: readonly string[];
}

export type BookingType = 'individual' | 'group' | 'class';

/** The service being booked (the API's service object, the fields the engine reads). */
export interface AvailabilityService {
  id: string;
  duration_minutes: number;
  buffer_time_before: number;
  buffer_time_after: number;
  /** Grid step; null = duration + `buffer_time_after`. */
  slot_interval_minutes: number | null;
  /** null = each staff member's `min_notice_minutes`. */
  min_notice_minutes: number | null;
  booking_type: BookingType;
  /** Seats per session for group and class services. */
  max_capacity: number;
  /** Staff ids; empty = every staff member passed in. */
  available_with_staff: readonly string[];
  /** Location ids; empty = any. */
  available_at_locations: readonly string[];
}

/** A location; its rules are read in its own zone. */
export interface AvailabilityLocation {
  id: string;
  timezone: string;
}

export type ScheduleRuleType = 'recurring' | 'override' | 'block';
export type RecurrencePattern = 'weekly' | 'biweekly';

/** A row of `booking_availability_rules`. Semantics: DESIGN.md §3 and this folder's README. */
export interface ScheduleRule {
  id: string;
  staff_id: string | null;
  location_id: string | null;
  service_id: string | null;
  rule_type: ScheduleRuleType;
  /** 0 = Sunday … 6 = Saturday. */
  day_of_week: number | null;
  /** `'HH:MM'` (or `'HH:MM:SS'`), wall clock in the zone of the staff member or location. */
  start_time: string | null;
  /** As `start_time`; at or before `start_time` means the window runs past midnight. */
  end_time: string | null;
  /** `'YYYY-MM-DD'`. */
  specific_date: string | null;
  date_range_start: string | null;
  date_range_end: string | null;
  is_available: boolean;
  recurrence_pattern: RecurrencePattern | null;
  /** Higher wins among rules of one kind that apply to the same date. */
  priority: number;
}

export type OccupancyKind = 'appointment' | 'hold' | 'session' | 'external';

/** Time that blocks a staff member: an appointment, a hold, a group session or an external busy time. */
export interface Occupancy {
  staff_id: string;
  /** Start of the occupied range, its own buffer before included. */
  start: Date;
  /** End of the occupied range, its own buffer after included. */
  end: Date;
  kind: OccupancyKind;
  service_id?: string | null;
  /** For a session: seats booked. */
  seats_taken?: number;
  /** For a session: its capacity; default: the service's `max_capacity`. */
  capacity?: number;
  /**
   * For a session: when the session itself starts (without buffers). Default: `start`
   * plus today's staff + service buffer before.
   */
  session_start?: Date;
}

/** Everything about the business that availability depends on. */
export interface AvailabilityContext {
  /** The tenant's IANA zone: the default display zone. */
  business_timezone: string;
  /** Active staff. */
  staff: readonly AvailabilityStaff[];
  /**
   * The tenant's locations in order of preference (a slot open at several names the
   * first). Empty or absent: the business has no locations; slots carry `location_id: null`.
   */
  locations?: readonly AvailabilityLocation[];
  rules: readonly ScheduleRule[];
  /** Active occupancies of the staff above (held, pending, confirmed; external busy times). */
  occupancies: readonly Occupancy[];
}

/** A request for the slots of a date range. */
export interface AvailabilityQuery {
  service: AvailabilityService;
  /** Only this staff member; absent = any eligible staff member. */
  staff_id?: string | null;
  /** Only this location; absent = any. */
  location_id?: string | null;
  /** First date, `'YYYY-MM-DD'`, read in `display_timezone`. */
  start_date: string;
  /** Last date (inclusive), read in `display_timezone`. */
  end_date: string;
  /** The customer's zone; default `business_timezone`. */
  display_timezone?: string | null;
  now: Date;
}

/** One bookable start, as in the API's availability response. */
export interface AvailabilitySlot {
  /** RFC 3339 UTC, whole seconds: `2027-03-15T13:00:00Z`. */
  start_time: string;
  end_time: string;
  staff_id: string;
  location_id: string | null;
  remaining_capacity: number;
}

export interface AvailabilityDay {
  date: string;
  slots: AvailabilitySlot[];
}

/** The API's availability response body. */
export interface AvailabilityResult {
  service_id: string;
  timezone: string;
  days: AvailabilityDay[];
}

/** "Can this exact start still be booked?", asked by the booking path under the lock. */
export interface BookableQuery {
  service: AvailabilityService;
  /** The staff member asked for; absent = choose one as the slot list would. */
  staff_id?: string | null;
  location_id?: string | null;
  start_time: Date;
  now: Date;
}
