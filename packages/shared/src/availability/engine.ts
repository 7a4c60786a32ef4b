/**
 * The availability engine: slots for a date range, and the booking path's "is this
 * exact start still bookable?". Both run the same per-person computation
 * (`staffOffers`) and the same any-staff choice, so the API never re-implements a rule.
 * Pure: no I/O, `now` comes in with the query.
 */
import { type ChosenStart, chooseStaffPerStart } from './any-staff.ts';
import { formatInstant } from './instant-text.ts';
import { formatLocalDate, parseLocalDate } from './local-date.ts';
import { type RuleBook, ruleBookFor } from './schedule-rules.ts';
import { makeStaffPlan, type StaffOffers, type StaffPlan, staffOffers } from './staff-offers.ts';
import type {
  AvailabilityContext,
  AvailabilityDay,
  AvailabilityLocation,
  AvailabilityQuery,
  AvailabilityResult,
  AvailabilityService,
  AvailabilitySlot,
  AvailabilityStaff,
  BookableQuery,
  Occupancy,
} from './types.ts';
import { zoneClock } from './wall-clock.ts';

const MS_PER_MINUTE = 60_000;
/** Longest range one call computes; the API caps requests at 42 days. */
const MAX_RANGE_DAYS = 366;

/**
 * Bookable slots of `query.service` for each date of `start_date`…`end_date` in the
 * display zone, shaped as the API's availability response.
 *
 * @example
 * const result = computeAvailability(
 *   { business_timezone: 'America/New_York', staff, rules, occupancies },
 *   { service, start_date: '2027-03-15', end_date: '2027-03-21', now: new Date() },
 * );
 * result.days[0]; // { date: '2027-03-15', slots: [{ start_time: '2027-03-15T13:00:00Z', … }] }
 */
export function computeAvailability(
  context: AvailabilityContext,
  query: AvailabilityQuery,
): AvailabilityResult {
  const { displayZone, firstDay, dayStarts, chosen } = chooseRange(context, query);
  const days: AvailabilityDay[] = [];
  let next = 0;
  for (let i = 0; i < dayStarts.length - 1; i++) {
    const dayEnd = dayStarts[i + 1]!;
    const slots: AvailabilitySlot[] = [];
    while (next < chosen.length && chosen[next]!.start < dayEnd) {
      slots.push(toSlot(chosen[next]!, query.service));
      next++;
    }
    days.push({ date: formatLocalDate(firstDay + i), slots });
  }
  return { service_id: query.service.id, timezone: displayZone, days };
}

/** A range's dates and the slot chosen for each start in it. */
export interface ChosenRange {
  displayZone: string;
  firstDay: number;
  /** Instants of the display zone's midnights: `dayStarts[i]` begins date `firstDay + i`; one more than the dates. */
  dayStarts: number[];
  chosen: ChosenStart[];
}

export function chooseRange(context: AvailabilityContext, query: AvailabilityQuery): ChosenRange {
  const displayZone = query.display_timezone ?? context.business_timezone;
  const display = zoneClock(displayZone);
  const firstDay = parseLocalDate(query.start_date);
  const lastDay = parseLocalDate(query.end_date);
  if (lastDay < firstDay) throw new RangeError('end_date is before start_date');
  if (lastDay - firstDay >= MAX_RANGE_DAYS) throw new RangeError('Date range is too long');
  const dayStarts: number[] = [];
  for (let day = firstDay; day <= lastDay + 1; day++) dayStarts.push(display.toInstant(day, 0));
  const chosen = chooseStarts(context, query, dayStarts[0]!, dayStarts[dayStarts.length - 1]!);
  return { displayZone, firstDay, dayStarts, chosen };
}

/**
 * Whether `start_time` can be booked now, answered exactly as `computeAvailability`
 * would list it: the slot (with the staff member chosen, for any staff) or null.
 * The booking path calls this under the staff lock before inserting.
 *
 * @example
 * const slot = findBookableSlot(context, { service, start_time: new Date('2027-03-15T13:00:00Z'), now });
 * if (slot === null) throw slotUnavailable();
 */
export function findBookableSlot(
  context: AvailabilityContext,
  query: BookableQuery,
): AvailabilitySlot | null {
  const start = query.start_time.getTime();
  if (!Number.isFinite(start)) throw new RangeError('Invalid start_time');
  const chosen = chooseStarts(context, query, start, start + 1);
  const hit = chosen[0];
  return hit !== undefined && hit.start === start ? toSlot(hit, query.service) : null;
}

export interface OfferRequest {
  service: AvailabilityService;
  staff_id?: string | null;
  location_id?: string | null;
  now: Date;
}

/** The chosen slot per start in `[from, to)`, ascending. */
function chooseStarts(
  context: AvailabilityContext,
  request: OfferRequest,
  from: number,
  to: number,
): ChosenStart[] {
  return chooseStaffPerStart(offersOf(context, request, from, to));
}

/** Each eligible person's offers of starts in `[from, to)`, before the any-staff choice. */
export function offersOf(
  context: AvailabilityContext,
  request: OfferRequest,
  from: number,
  to: number,
): StaffOffers[] {
  const { service } = request;
  validateService(service);
  const now = request.now.getTime();
  if (!Number.isFinite(now)) throw new RangeError('Invalid now');
  const book: RuleBook = ruleBookFor(context.rules, service);
  const occupanciesByStaff = groupByStaff(context.occupancies);
  const offers: StaffOffers[] = [];
  for (const staff of eligibleStaff(context.staff, service, request.staff_id ?? null)) {
    const locations = staffLocations(
      staff,
      service,
      context.locations ?? [],
      request.location_id ?? null,
    );
    if (locations.length === 0) continue;
    const plan: StaffPlan = makeStaffPlan(
      staff,
      service,
      occupanciesByStaff.get(staff.id) ?? [],
      locations,
      now,
    );
    offers.push(staffOffers(plan, book, service, from, to));
  }
  return offers;
}

function validateService(service: AvailabilityService): void {
  const step =
    service.slot_interval_minutes ?? service.duration_minutes + service.buffer_time_after;
  if (!(service.duration_minutes > 0) || !(step > 0)) {
    throw new RangeError('Service duration and slot interval must be positive');
  }
}

/** Whether a staff member may take a service: the service names them, or names nobody (anyone may). */
export function servesService(
  service: Pick<AvailabilityService, 'available_with_staff'>,
  staffId: string,
): boolean {
  const allowed = service.available_with_staff;
  return allowed.length === 0 || allowed.includes(staffId);
}

function eligibleStaff(
  staff: readonly AvailabilityStaff[],
  service: AvailabilityService,
  staffId: string | null,
): AvailabilityStaff[] {
  return staff.filter(
    (person) => (staffId === null || person.id === staffId) && servesService(service, person.id),
  );
}

/**
 * Where a person can take this service: the asked-for location, or every location of
 * the business both the person and the service allow (in the business's order). A
 * business without locations books "nowhere in particular" (`null`).
 */
function staffLocations(
  staff: AvailabilityStaff,
  service: AvailabilityService,
  locations: readonly AvailabilityLocation[],
  locationId: string | null,
): (AvailabilityLocation | null)[] {
  const allows = (id: string): boolean =>
    (staff.location_ids.length === 0 || staff.location_ids.includes(id)) &&
    (service.available_at_locations.length === 0 || service.available_at_locations.includes(id));
  if (locationId !== null) {
    if (!allows(locationId)) return [];
    // A location the caller did not describe is read in the person's zone.
    return [
      locations.find((location) => location.id === locationId) ?? {
        id: locationId,
        timezone: staff.timezone,
      },
    ];
  }
  if (locations.length === 0) return [null];
  return locations.filter((location) => allows(location.id));
}

function groupByStaff(occupancies: readonly Occupancy[]): Map<string, Occupancy[]> {
  const byStaff = new Map<string, Occupancy[]>();
  for (const occupancy of occupancies) {
    const list = byStaff.get(occupancy.staff_id);
    if (list === undefined) byStaff.set(occupancy.staff_id, [occupancy]);
    else list.push(occupancy);
  }
  return byStaff;
}

function toSlot(chosen: ChosenStart, service: AvailabilityService): AvailabilitySlot {
  const { offers, index, start } = chosen;
  const kind = offers.list.kindAt(index);
  return {
    start_time: formatInstant(start),
    end_time: formatInstant(start + service.duration_minutes * MS_PER_MINUTE),
    staff_id: offers.plan.staff.id,
    location_id: kind.locationId,
    remaining_capacity: kind.seatsLeft,
  };
}
