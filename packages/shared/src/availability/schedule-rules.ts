/**
 * Availability rules compiled for one service, and how one local date's hours follow
 * from them (DESIGN.md §3 rule 1; the README in this folder has the full table).
 */
import { type Interval, normalize, subtract } from './interval.ts';
import {
  MINUTES_PER_DAY,
  parseLocalDate,
  parseWallTime,
  weekdayOf,
  weekIndexOf,
} from './local-date.ts';
import type { ScheduleRule, ScheduleRuleType } from './types.ts';
import type { ZoneClock } from './wall-clock.ts';

/** A rule with its dates and times parsed once per request. */
export interface CompiledRule {
  id: string;
  type: ScheduleRuleType;
  staffId: string | null;
  locationId: string | null;
  available: boolean;
  dayOfWeek: number | null;
  /** Minutes after midnight, or null. */
  startMinute: number | null;
  endMinute: number | null;
  specificDay: number | null;
  rangeStart: number | null;
  rangeEnd: number | null;
  /** For biweekly rules: the Sunday-based week the fortnight counts from. */
  anchorWeek: number | null;
  priority: number;
}

/** The rules that apply to one service, by scope. */
export interface RuleBook {
  /** Rules naming a staff member (any location). */
  byStaff: Map<string, CompiledRule[]>;
  /** Rules naming a location but no staff member: the location's own hours and closures. */
  byLocation: Map<string, CompiledRule[]>;
  /** Rules naming neither: business-wide defaults and closures. */
  business: CompiledRule[];
}

const parseDay = (text: string | null): number | null =>
  text === null ? null : parseLocalDate(text);
const parseTime = (text: string | null): number | null =>
  text === null ? null : parseWallTime(text);

export function compileRule(rule: ScheduleRule): CompiledRule {
  const rangeStart = parseDay(rule.date_range_start);
  return {
    id: rule.id,
    type: rule.rule_type,
    staffId: rule.staff_id,
    locationId: rule.location_id,
    // A block is unavailable time whatever its flag says.
    available: rule.rule_type !== 'block' && rule.is_available,
    dayOfWeek: rule.day_of_week,
    startMinute: parseTime(rule.start_time),
    endMinute: parseTime(rule.end_time),
    specificDay: parseDay(rule.specific_date),
    rangeStart,
    rangeEnd: parseDay(rule.date_range_end),
    // Without a range start a biweekly rule has nothing to count from: it acts weekly.
    anchorWeek:
      rule.recurrence_pattern === 'biweekly' && rangeStart !== null
        ? weekIndexOf(rangeStart)
        : null,
    priority: rule.priority,
  };
}

/**
 * Compiles the rules that apply to `serviceId` (rules without a service apply to all).
 *
 * A class's timetable: for a group service (`timetable`), weekly hours of its own
 * (recurring, available, with its `service_id`; a person's or business-wide) replace
 * the usual weekly hours instead of adding to them — a Tuesday 18:00 yoga class is
 * offered on Tuesdays at 18:00, not in every open hour of the week. The usual weekly
 * cuts (a lunch break), overrides, blocks and location hours still apply. A group
 * service with no weekly hours of its own follows the person's hours, as any service.
 */
export function compileRuleBook(
  rules: readonly ScheduleRule[],
  serviceId: string,
  options: { timetable?: boolean } = {},
): RuleBook {
  const book: RuleBook = { byStaff: new Map(), byLocation: new Map(), business: [] };
  const ownWeek = (rule: ScheduleRule) =>
    rule.service_id === serviceId && rule.rule_type === 'recurring' && rule.is_available;
  const hasTimetable = options.timetable === true && rules.some(ownWeek);
  for (const rule of rules) {
    if (rule.service_id !== null && rule.service_id !== serviceId) continue;
    if (
      hasTimetable &&
      rule.service_id === null &&
      rule.rule_type === 'recurring' &&
      rule.is_available &&
      !(rule.staff_id === null && rule.location_id !== null) // a location's hours stay
    ) {
      continue; // the usual week gives way to the class's own
    }
    const compiled = compileRule(rule);
    if (rule.staff_id !== null) pushTo(book.byStaff, rule.staff_id, compiled);
    else if (rule.location_id !== null) pushTo(book.byLocation, rule.location_id, compiled);
    else book.business.push(compiled);
  }
  return book;
}

/** The rule book the engine reads for `service`: a group or class keeps its timetable. */
export function ruleBookFor(
  rules: readonly ScheduleRule[],
  service: { id: string; booking_type: string },
): RuleBook {
  return compileRuleBook(rules, service.id, { timetable: service.booking_type !== 'individual' });
}

function pushTo(map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rule]);
  else list.push(rule);
}

/** Whether a rule applies on local date `day` (its date, range, weekday and fortnight). */
export function appliesOn(rule: CompiledRule, day: number): boolean {
  if (rule.specificDay !== null) {
    if (day !== rule.specificDay) return false;
  } else {
    if (rule.rangeStart !== null && day < rule.rangeStart) return false;
    if (rule.rangeEnd !== null && day > rule.rangeEnd) return false;
  }
  if (rule.dayOfWeek !== null && weekdayOf(day) !== rule.dayOfWeek) return false;
  if (rule.anchorWeek !== null && (weekIndexOf(day) - rule.anchorWeek) % 2 !== 0) return false;
  return true;
}

/**
 * The instants a rule covers on local date `day`. No times = the whole day; a missing
 * start is 00:00, a missing end 24:00; an end at or before the start is on the next
 * local date. Each end of the window is resolved against the zone separately, so a
 * window across a DST change is shorter or longer in real time.
 */
export function ruleWindow(rule: CompiledRule, day: number, clock: ZoneClock): Interval {
  const start = rule.startMinute ?? 0;
  const end = rule.endMinute ?? MINUTES_PER_DAY;
  const endDay = end > start ? day : day + 1;
  return { start: clock.toInstant(day, start), end: clock.toInstant(endDay, end) };
}

const hasTimes = (rule: CompiledRule): boolean =>
  rule.startMinute !== null || rule.endMinute !== null;

/** Where the hours of a date come from, for one staff member or location. */
export interface HoursSource {
  /** Weekly hours (and weekly unavailable times such as a lunch break). */
  recurring: readonly CompiledRule[];
  /** Override layers, most specific first: the first layer with a rule on a date wins it. */
  overrideLayers: readonly (readonly CompiledRule[])[];
  /** With no recurring rules at all: open all day (a location) or closed (a person). */
  openWithoutRecurring: boolean;
}

/** Open time from recurring and override rules on local date `day` (blocks not applied). */
export function hoursOn(source: HoursSource, day: number, clock: ZoneClock): Interval[] {
  for (const layer of source.overrideLayers) {
    const todays = layer.filter((rule) => appliesOn(rule, day));
    if (todays.length > 0) return overrideHours(source, topRanked(todays), day, clock);
  }
  return recurringHours(source, day, clock);
}

/**
 * The overrides that win a date: highest priority, then a `specific_date` over a
 * date range. Lower-ranked overrides of the date are ignored.
 */
function topRanked(rules: CompiledRule[]): CompiledRule[] {
  const rank = (rule: CompiledRule): number =>
    rule.priority * 2 + (rule.specificDay !== null ? 1 : 0);
  let best = Number.NEGATIVE_INFINITY;
  for (const rule of rules) best = Math.max(best, rank(rule));
  return rules.filter((rule) => rank(rule) === best);
}

function overrideHours(
  source: HoursSource,
  overrides: CompiledRule[],
  day: number,
  clock: ZoneClock,
): Interval[] {
  // A closed day wins over open overrides of the same rank: never offer time the
  // business said it is closed.
  if (overrides.some((rule) => !rule.available && !hasTimes(rule))) return [];
  const open = overrides.filter((rule) => rule.available);
  // Only unavailable times on this date: they cut the usual hours instead of replacing them.
  const base =
    open.length > 0
      ? normalize(open.map((rule) => ruleWindow(rule, day, clock)))
      : recurringHours(source, day, clock);
  const cuts = overrides.filter((rule) => !rule.available);
  if (cuts.length === 0) return base;
  return subtract(base, normalize(cuts.map((rule) => ruleWindow(rule, day, clock))));
}

function recurringHours(source: HoursSource, day: number, clock: ZoneClock): Interval[] {
  if (source.recurring.length === 0) {
    return source.openWithoutRecurring
      ? [{ start: clock.toInstant(day, 0), end: clock.toInstant(day + 1, 0) }]
      : [];
  }
  let bestPriority = Number.NEGATIVE_INFINITY;
  let anyCut = false;
  for (const rule of source.recurring) {
    if (!appliesOn(rule, day)) continue;
    if (rule.available) bestPriority = Math.max(bestPriority, rule.priority);
    else anyCut = true;
  }
  if (bestPriority === Number.NEGATIVE_INFINITY) return [];
  // Among weekly hours for one date the highest priority wins (seasonal hours over the
  // usual week); weekly unavailable times (a lunch break) cut whatever hours won.
  const open: Interval[] = [];
  const cuts: Interval[] = [];
  for (const rule of source.recurring) {
    if (!appliesOn(rule, day)) continue;
    if (rule.available) {
      if (rule.priority === bestPriority) open.push(ruleWindow(rule, day, clock));
    } else {
      cuts.push(ruleWindow(rule, day, clock));
    }
  }
  const hours = normalize(open);
  return anyCut ? subtract(hours, normalize(cuts)) : hours;
}

/** Unavailable time from `block` rules on local dates `firstDay`…`lastDay`, normalized. */
export function blockedTime(
  blocks: readonly CompiledRule[],
  firstDay: number,
  lastDay: number,
  clock: ZoneClock,
): Interval[] {
  if (blocks.length === 0) return [];
  const windows: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    for (const rule of blocks) {
      if (appliesOn(rule, day)) windows.push(ruleWindow(rule, day, clock));
    }
  }
  return normalize(windows);
}
