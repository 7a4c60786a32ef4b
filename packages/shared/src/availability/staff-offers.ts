/**
 * Which starts one staff member can take for a service (DESIGN.md §3 rules 2–3):
 * the grid stepped from each open piece, kept when the appointment fits one open
 * window, its occupied range (with buffers) overlaps none of the person's
 * occupancies, and it is within their notice and advance limits. Group services may
 * also join the person's existing session at that start.
 */
import {
  firstEndingAfter,
  type Interval,
  normalizeSorted,
  sortByStart,
  sortNumbers,
} from './interval.ts';
import { OfferList } from './offer-list.ts';
import { staffOpenTime } from './open-windows.ts';
import type { RuleBook } from './schedule-rules.ts';
import type {
  AvailabilityLocation,
  AvailabilityService,
  AvailabilityStaff,
  Occupancy,
} from './types.ts';
import { type ZoneClock, zoneClock } from './wall-clock.ts';

const MS_PER_MINUTE = 60_000;

/** A staff member's occupancies for one request, in the shapes the checks need. */
export interface StaffLoad {
  /** Every occupancy, as intervals sorted by start (may overlap). */
  occupied: Interval[];
  /** Their union. */
  busy: Interval[];
  /** Starts of appointments, holds and sessions (not external busy time), sorted. */
  bookingStarts: number[];
  /** Sessions of the requested service by session start: the interval and seats left. */
  sessions: Map<number, { range: Interval; seatsLeft: number }>;
}

/** Everything about one staff member the offer checks reuse. */
export interface StaffPlan {
  staff: AvailabilityStaff;
  clock: ZoneClock;
  load: StaffLoad;
  /** Locations this person can be booked at for the query, in preference order. */
  locations: (AvailabilityLocation | null)[];
  /** Earliest start allowed by notice, latest allowed by advance limit (inclusive). */
  earliest: number;
  latest: number;
}

/** Starts one staff member can take, ascending, with what each would be. */
export interface StaffOffers {
  plan: StaffPlan;
  list: OfferList;
}

/** Splits occupancies of `staff` into the structures the checks use. */
export function staffLoad(
  occupancies: readonly Occupancy[],
  staff: AvailabilityStaff,
  service: AvailabilityService,
): StaffLoad {
  const occupied: Interval[] = [];
  const bookingStarts: number[] = [];
  const sessions = new Map<number, { range: Interval; seatsLeft: number }>();
  const isGroup = service.booking_type !== 'individual';
  const beforeMs = (staff.buffer_time_before + service.buffer_time_before) * MS_PER_MINUTE;
  for (const occupancy of occupancies) {
    const range = { start: occupancy.start.getTime(), end: occupancy.end.getTime() };
    occupied.push(range);
    if (occupancy.kind !== 'external') bookingStarts.push(range.start);
    if (isGroup && occupancy.kind === 'session' && occupancy.service_id === service.id) {
      const capacity = occupancy.capacity ?? service.max_capacity;
      const sessionStart = occupancy.session_start?.getTime() ?? range.start + beforeMs;
      sessions.set(sessionStart, { range, seatsLeft: capacity - (occupancy.seats_taken ?? 0) });
    }
  }
  sortByStart(occupied);
  sortNumbers(bookingStarts);
  return { occupied, busy: normalizeSorted(occupied), bookingStarts, sessions };
}

/** The notice and advance limits of a staff member for a service, as instants. */
export function bookingHorizon(
  staff: AvailabilityStaff,
  service: AvailabilityService,
  now: number,
): { earliest: number; latest: number } {
  const noticeMinutes = service.min_notice_minutes ?? staff.min_notice_minutes;
  // "N days ahead" is N calendar days in the person's zone, not N × 24 h.
  const latest = zoneClock(staff.timezone).plusDays(now, staff.max_advance_booking_days);
  return { earliest: now + noticeMinutes * MS_PER_MINUTE, latest };
}

export function makeStaffPlan(
  staff: AvailabilityStaff,
  service: AvailabilityService,
  occupancies: readonly Occupancy[],
  locations: (AvailabilityLocation | null)[],
  now: number,
): StaffPlan {
  const { earliest, latest } = bookingHorizon(staff, service, now);
  return {
    staff,
    clock: zoneClock(staff.timezone),
    load: staffLoad(occupancies, staff, service),
    locations,
    earliest,
    latest,
  };
}

/** The starts in `[from, to)` that `plan`'s staff member can take for `service`. */
export function staffOffers(
  plan: StaffPlan,
  book: RuleBook,
  service: AvailabilityService,
  from: number,
  to: number,
): StaffOffers {
  const offers: StaffOffers = { plan, list: new OfferList() };
  const low = Math.max(from, plan.earliest);
  const high = Math.min(to, plan.latest + 1);
  if (low >= high) return offers;
  const durationMs = service.duration_minutes * MS_PER_MINUTE;
  // Pieces that can hold a start in [low, high) come from the local date before low's
  // up to high's; the union must reach the end of the last appointment.
  const firstDay = plan.clock.dayOf(low) - 1;
  const lastDay = plan.clock.dayOf(high - 1 + durationMs);
  for (const location of plan.locations) {
    const locationClock = location === null ? null : zoneClock(location.timezone);
    const open = staffOpenTime(
      book,
      plan.staff.id,
      location,
      plan.clock,
      locationClock,
      firstDay,
      lastDay,
    );
    collectStarts(
      offers.list,
      plan,
      service,
      open.pieces,
      open.windows,
      low,
      high,
      location?.id ?? null,
    );
  }
  offers.list.sortUnique();
  return offers;
}

function collectStarts(
  list: OfferList,
  plan: StaffPlan,
  service: AvailabilityService,
  pieces: readonly Interval[],
  windows: readonly Interval[],
  low: number,
  high: number,
  locationId: string | null,
): void {
  const { staff, load } = plan;
  const durationMs = service.duration_minutes * MS_PER_MINUTE;
  const beforeMs = (staff.buffer_time_before + service.buffer_time_before) * MS_PER_MINUTE;
  const afterMs = (staff.buffer_time_after + service.buffer_time_after) * MS_PER_MINUTE;
  // DESIGN §3 rule 2: the service's interval, else duration + after, where after is the
  // staff member's buffer plus the service's (as in rule 3), so back-to-back bookings
  // leave the whole buffer between them.
  const stepMs =
    service.slot_interval_minutes !== null
      ? service.slot_interval_minutes * MS_PER_MINUTE
      : durationMs + afterMs;
  const newSeats = service.booking_type === 'individual' ? 1 : service.max_capacity;
  const newKind = list.addKind({ seatsLeft: newSeats, joins: false, locationId });
  const hasSessions = load.sessions.size > 0;
  const busy = load.busy;
  // At most one start per step of each piece's part in [low, high).
  let most = 0;
  for (const piece of pieces) {
    const span = Math.min(piece.end, high) - Math.max(piece.start, low);
    if (span > 0) most += Math.ceil(span / stepMs) + 1;
  }
  list.reserve(most);
  for (const piece of pieces) {
    if (piece.end <= low || piece.start >= high) continue;
    // Instant arithmetic is right here: a piece is a range of real time, and slots
    // step through it in real minutes, across a DST change included.
    const window = windows[firstEndingAfter(windows, piece.start)]!;
    const skip = low > piece.start ? Math.ceil((low - piece.start) / stepMs) : 0;
    const stop = Math.min(piece.end, high);
    const first = piece.start + skip * stepMs;
    // The first busy interval ending after the occupied range starts: the only one that
    // can overlap it (`overlapsAny`), moved forward as the starts do.
    let b = firstEndingAfter(busy, first - beforeMs);
    for (let start = first; start < stop; start += stepMs) {
      if (start + durationMs > window.end) break;
      const occupiedFrom = start - beforeMs;
      const occupiedTo = start + durationMs + afterMs;
      while (b < busy.length && busy[b]!.end <= occupiedFrom) b++;
      if (hasSessions) {
        const session = load.sessions.get(start);
        if (session !== undefined && session.seatsLeft > 0) {
          if (!overlapsOther(load.occupied, session.range, occupiedFrom, occupiedTo)) {
            const joinKind = { seatsLeft: session.seatsLeft, joins: true, locationId };
            list.push(start, list.addKind(joinKind));
          }
          continue;
        }
      }
      if (b < busy.length && busy[b]!.start < occupiedTo) continue;
      list.push(start, newKind);
    }
  }
}

/** Whether `[from, to)` overlaps an occupancy other than `own` (rare path: group sessions). */
function overlapsOther(
  occupied: readonly Interval[],
  own: Interval,
  from: number,
  to: number,
): boolean {
  for (const range of occupied) {
    if (range.start >= to) break;
    if (range !== own && range.end > from) return true;
  }
  return false;
}
