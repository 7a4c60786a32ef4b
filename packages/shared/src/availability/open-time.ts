/**
 * A staff member's open time between two instants — their general hours (no
 * service-specific rules), minus blocks, within their locations' hours: DESIGN §3 rule 1
 * exactly as slots use it, for utilisation (analytics) and the owner calendar's shading.
 */
import { type Interval, intersect, normalize } from './interval.ts';
import { staffOpenTime } from './open-windows.ts';
import { compileRuleBook } from './schedule-rules.ts';
import type { AvailabilityContext, AvailabilityLocation } from './types.ts';
import { zoneClock } from './wall-clock.ts';

/** No service id matches this, so only rules for every service count. */
const GENERAL_HOURS = '';

/**
 * Open intervals of `staffId` within `[from, to)` (ms since the epoch), the union over
 * the locations the person works at; empty for an unknown staff member.
 *
 * @example
 * const open = staffOpenIntervals(context, staffId, Date.parse('2027-03-15T04:00:00Z'), Date.parse('2027-03-22T04:00:00Z'));
 * const openMinutes = open.reduce((sum, piece) => sum + (piece.end - piece.start) / 60_000, 0);
 */
export function staffOpenIntervals(
  context: AvailabilityContext,
  staffId: string,
  from: number,
  to: number,
): Interval[] {
  const staff = context.staff.find((person) => person.id === staffId);
  if (staff === undefined || !(to > from)) return [];
  const book = compileRuleBook(context.rules, GENERAL_HOURS);
  const clock = zoneClock(staff.timezone);
  const all = context.locations ?? [];
  const locations: (AvailabilityLocation | null)[] =
    all.length === 0
      ? [null]
      : all.filter(
          (location) => staff.location_ids.length === 0 || staff.location_ids.includes(location.id),
        );
  // Pieces of a local date can run into the next (a shift past midnight): start a day early.
  const firstDay = clock.dayOf(from) - 1;
  const lastDay = clock.dayOf(to - 1);
  const windows: Interval[] = [];
  for (const location of locations) {
    const locationClock = location === null ? null : zoneClock(location.timezone);
    windows.push(
      ...staffOpenTime(book, staff.id, location, clock, locationClock, firstDay, lastDay).windows,
    );
  }
  return intersect(normalize(windows), [{ start: from, end: to }]);
}
