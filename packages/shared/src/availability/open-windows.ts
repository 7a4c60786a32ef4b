/**
 * Open time of one staff member at one location, as instants (DESIGN.md §3 rule 1):
 * the person's hours per local date, minus blocks, intersected with the location's
 * hours when the location has any.
 *
 * The result keeps each local date's pieces apart (`pieces`) as well as their union
 * (`windows`): the slot grid restarts at the start of every piece, while a slot only
 * has to fit inside the union. That way a 22:00–02:00 shift meeting the next day's
 * 02:00–06:00 still takes a slot across 02:00, and the grid of a date never depends
 * on how many days around it a query happened to compute.
 */
import { type Interval, intersect, normalize, subtract } from './interval.ts';
import {
  blockedTime,
  type CompiledRule,
  type HoursSource,
  hoursOn,
  type RuleBook,
} from './schedule-rules.ts';
import type { AvailabilityLocation } from './types.ts';
import type { ZoneClock } from './wall-clock.ts';

export interface OpenTime {
  /** Open intervals per local date, in date order; pieces of adjacent dates may touch or overlap. */
  pieces: Interval[];
  /** The union of `pieces`, normalized: the "open windows". */
  windows: Interval[];
}

const NO_RULES: readonly CompiledRule[] = [];
const byType = (rules: readonly CompiledRule[], type: CompiledRule['type']): CompiledRule[] =>
  rules.filter((rule) => rule.type === type);

/**
 * Open time of staff member `staffId` (zone `clock`) at `location` (null: the
 * business has no locations) for the pieces of local dates `firstDay`…`lastDay`.
 */
export function staffOpenTime(
  book: RuleBook,
  staffId: string,
  location: AvailabilityLocation | null,
  clock: ZoneClock,
  locationClock: ZoneClock | null,
  firstDay: number,
  lastDay: number,
): OpenTime {
  const locationId = location?.id ?? null;
  const allOwn = book.byStaff.get(staffId) ?? NO_RULES;
  // A person's rules tied to another location do not make them work here.
  const own = allOwn.filter((rule) => rule.locationId === null || rule.locationId === locationId);
  // Business-wide weekly hours are the default for people with no weekly hours of
  // their own (at any location); business-wide overrides apply on dates the person
  // has no override of their own.
  const hasOwnWeekly = allOwn.some((rule) => rule.type === 'recurring');
  const source: HoursSource = {
    recurring: byType(hasOwnWeekly ? own : book.business, 'recurring'),
    overrideLayers: [byType(own, 'override'), byType(book.business, 'override')],
    openWithoutRecurring: false,
  };
  // Pieces of date D lie within [D 00:00, D+2 00:00): blocks of D−1…D+1 can cut them.
  const blocks = blockedTime(
    [...byType(own, 'block'), ...byType(book.business, 'block')],
    firstDay - 1,
    lastDay + 1,
    clock,
  );
  const locationRules =
    locationId === null ? NO_RULES : (book.byLocation.get(locationId) ?? NO_RULES);
  const locationLimit =
    locationRules.length === 0 || locationClock === null
      ? null
      : locationOpenTime(
          locationRules,
          locationClock,
          clock.toInstant(firstDay, 0),
          clock.toInstant(lastDay + 2, 0),
        );

  const pieces: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    let hours = hoursOn(source, day, clock);
    if (hours.length === 0) continue;
    if (blocks.length > 0) hours = subtract(hours, blocks);
    if (locationLimit !== null) hours = intersect(hours, locationLimit);
    for (const piece of hours) pieces.push(piece);
  }
  return { pieces, windows: normalize(pieces) };
}

/**
 * When a location is open between instants `from` and `to`: its weekly hours and
 * overrides (with no weekly hours, every date it has no override for is open all
 * day), minus its blocks. Read in the location's own zone.
 */
function locationOpenTime(
  rules: readonly CompiledRule[],
  clock: ZoneClock,
  from: number,
  to: number,
): Interval[] {
  const firstDay = clock.dayOf(from) - 1;
  const lastDay = clock.dayOf(to);
  const source: HoursSource = {
    recurring: byType(rules, 'recurring'),
    overrideLayers: [byType(rules, 'override')],
    openWithoutRecurring: true,
  };
  const open: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    for (const piece of hoursOn(source, day, clock)) open.push(piece);
  }
  const blocks = blockedTime(byType(rules, 'block'), firstDay - 1, lastDay + 1, clock);
  return subtract(normalize(open), blocks);
}
