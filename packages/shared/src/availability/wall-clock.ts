/**
 * Wall-clock time in an IANA zone ↔ instants, with an explicit DST policy.
 *
 * Policy (the same as Temporal's `disambiguation: 'compatible'` and java.time):
 * - **Gap** (spring forward: 02:30 does not exist in New York on 2027-03-14): the
 *   time is pushed forward by the length of the gap, i.e. read with the offset in
 *   force before the change. 02:30 → 03:30 EDT (07:30Z). So a rule "02:00–03:00" on
 *   that night is empty and "01:00–05:00" is three real hours.
 * - **Overlap** (fall back: 01:30 happens twice in New York on 2027-11-07): the
 *   earlier instant, i.e. the offset in force before the change. 01:30 → 01:30 EDT
 *   (05:30Z). So "01:00–05:00" that night is five real hours.
 *
 * We implement the policy ourselves rather than trusting `DateTime.fromObject`:
 * Luxon's guess for an overlap depends on the sign of the zone's offset (it answers
 * the later instant in New York and London but the earlier one on Lord Howe Island).
 * Luxon still supplies the zone rules (`IANAZone#offset`).
 *
 * Speed: the availability engine converts a few hundred wall-clock times per request.
 * Offsets are probed once per zone and UTC day and cached; when the offsets two
 * days apart agree, nothing changed in between and a conversion is one subtraction.
 * The instant of a change is found once per zone and change, so instants on the day
 * of a DST change cost no more than others (each used to ask the zone's rules).
 * (This assumes a zone never changes its offset twice within 72 hours; a scan of
 * all 418 zones Node 24's ICU knows, 1990–2040, found no such pair.)
 */
import { IANAZone } from 'luxon';
import { epochDayOfLocalTimestamp, localTimestamp, MINUTES_PER_DAY } from './local-date.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_UTC_DAY = 86_400_000;

/** A zone's calendar: local dates and wall-clock times ↔ instants (epoch ms). */
export interface ZoneClock {
  readonly zone: string;
  /** The instant at which wall-clock `minutes` (0–1440) of local date `epochDay` happens. */
  toInstant(epochDay: number, minutes: number): number;
  /** The local date (epoch day) of an instant. */
  dayOf(instant: number): number;
  /** The UTC offset in minutes at an instant. */
  offsetAt(instant: number): number;
  /** The same wall-clock time `days` calendar days later (DST policy as `toInstant`). */
  plusDays(instant: number, days: number): number;
}

/** Offsets cached per zone (by UTC day): zone rules never change while a process runs. */
const PROBE_CACHE_LIMIT = 20_000;
/** Clocks by zone name; building one validates the zone, which costs an `Intl` formatter. */
const clocks = new Map<string, ZoneClock>();
const validity = new Map<string, boolean>();

/** Whether `zone` is an IANA zone name Luxon (i.e. the runtime's ICU) knows. */
export function isValidZone(zone: string): boolean {
  let valid = validity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    // Only remember known zones: a flood of bad names must not grow the map.
    if (valid) validity.set(zone, valid);
  }
  return valid;
}

/** A `ZoneClock` for an IANA zone name; throws `RangeError` for an unknown zone. */
export function zoneClock(zone: string): ZoneClock {
  const existing = clocks.get(zone);
  if (existing !== undefined) return existing;
  if (!isValidZone(zone)) throw new RangeError(`Unknown time zone "${zone}"`);
  const clock = createZoneClock(zone);
  clocks.set(zone, clock);
  return clock;
}

function createZoneClock(zone: string): ZoneClock {
  const rules = IANAZone.create(zone);
  const cache = new Map<number, number>();

  /** Offset at 00:00Z of UTC day `utcDay`, cached. */
  const probe = (utcDay: number): number => {
    let offset = cache.get(utcDay);
    if (offset === undefined) {
      offset = rules.offset(utcDay * MS_PER_UTC_DAY);
      if (cache.size > PROBE_CACHE_LIMIT) cache.clear();
      cache.set(utcDay, offset);
    }
    return offset;
  };

  /**
   * The first instant of UTC day `utcDay` with the offset of its end, for a day whose
   * two ends differ: the one change in it (see the 72-hour assumption above), found
   * once by bisection on the zone's rules (whose offsets change on whole seconds).
   */
  const changes = new Map<number, number>();
  const changeIn = (utcDay: number): number => {
    let change = changes.get(utcDay);
    if (change === undefined) {
      const before = probe(utcDay);
      let low = utcDay * MS_PER_UTC_DAY; // offset: before
      let high = low + MS_PER_UTC_DAY; // offset: after
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (rules.offset(middle) === before) low = middle;
        else high = middle;
      }
      change = high;
      if (changes.size > PROBE_CACHE_LIMIT) changes.clear();
      changes.set(utcDay, change);
    }
    return change;
  };

  const offsetAt = (instant: number): number => {
    const utcDay = Math.floor(instant / MS_PER_UTC_DAY);
    const offset = probe(utcDay);
    const after = probe(utcDay + 1);
    // Same offset at both ends of the UTC day: no change in between.
    if (after === offset) return offset;
    return instant < changeIn(utcDay) ? offset : after;
  };

  const toInstant = (epochDay: number, minutes: number): number => {
    let day = epochDay;
    let minute = minutes;
    if (minute >= MINUTES_PER_DAY) {
      day += 1;
      minute -= MINUTES_PER_DAY;
    }
    const local = localTimestamp(day, minute);
    // Wall-clock times of local day D happen between D−1 10:00Z (UTC+14) and D+1
    // 12:00Z (UTC−12): within [00:00Z of D−1, 00:00Z of D+2).
    const before = probe(day - 1);
    const after = probe(day + 2);
    if (before === after) return local - before * MS_PER_MINUTE;
    const withBefore = local - before * MS_PER_MINUTE;
    const withAfter = local - after * MS_PER_MINUTE;
    const beforeValid = offsetAt(withBefore) === before;
    const afterValid = offsetAt(withAfter) === after;
    // Overlap: both readings are real; take the earlier instant.
    if (beforeValid && afterValid) return Math.min(withBefore, withAfter);
    if (beforeValid) return withBefore;
    if (afterValid) return withAfter;
    // Gap: neither reading is real. Reading with the offset before the change lands
    // after the gap, shifted forward by its length.
    return withBefore;
  };

  const dayOf = (instant: number): number =>
    epochDayOfLocalTimestamp(instant + offsetAt(instant) * MS_PER_MINUTE);

  const plusDays = (instant: number, days: number): number => {
    const local = instant + offsetAt(instant) * MS_PER_MINUTE;
    const day = epochDayOfLocalTimestamp(local);
    const intoDay = local - localTimestamp(day, 0);
    const minute = Math.floor(intoDay / MS_PER_MINUTE);
    return toInstant(day + days, minute) + (intoDay - minute * MS_PER_MINUTE);
  };

  return { zone, toInstant, dayOf, offsetAt, plusDays };
}
