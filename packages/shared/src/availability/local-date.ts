/**
 * Civil (calendar) dates and wall-clock times, with no zone attached.
 *
 * A local date is an integer "epoch day": days since 1970-01-01 in the proleptic
 * Gregorian calendar. Arithmetic on it (the next day, the weekday, the week) is
 * calendar arithmetic, which is exact; turning a date into instants is the job of
 * `wall-clock.ts`, which consults the zone's rules. We never add 24 h to an instant.
 */

/** Milliseconds in a civil day. Only used on UTC-based calendar arithmetic, never on instants. */
const MS_PER_CIVIL_DAY = 86_400_000;
/** Minutes in a civil day; `1440` is how a rule says "24:00", the end of the day. */
export const MINUTES_PER_DAY = 1440;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** `'2027-03-14'` → epoch day. Throws `RangeError` on anything that is not a real date. */
export function parseLocalDate(text: string): number {
  const match = DATE_PATTERN.exec(text);
  if (match === null) throw new RangeError(`Invalid date "${text}", expected YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Date.UTC is only used as a proleptic-Gregorian calendar here: UTC has no DST.
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Invalid date "${text}"`);
  }
  return ms / MS_PER_CIVIL_DAY;
}

/** Epoch day → `'YYYY-MM-DD'`. */
export function formatLocalDate(epochDay: number): string {
  return new Date(epochDay * MS_PER_CIVIL_DAY).toISOString().slice(0, 10);
}

/** Calendar fields of an epoch day (month 1–12). */
export function dateFields(epochDay: number): { year: number; month: number; day: number } {
  const d = new Date(epochDay * MS_PER_CIVIL_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Weekday of an epoch day, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** Index of the Sunday-based week containing an epoch day; consecutive weeks differ by 1. */
export function weekIndexOf(epochDay: number): number {
  return Math.floor((epochDay + 4) / 7);
}

/**
 * `'HH:MM'` (or Postgres `TIME`'s `'HH:MM:SS'`) → minutes after midnight. `'24:00'` is
 * accepted as the end of the day. Seconds are dropped: rules are minute-grained.
 */
export function parseWallTime(text: string): number {
  const match = TIME_PATTERN.exec(text);
  if (match === null) throw new RangeError(`Invalid time "${text}", expected HH:MM`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > MINUTES_PER_DAY) throw new RangeError(`Invalid time "${text}"`);
  return total;
}

/**
 * The calendar day `epochDay` expressed in UTC milliseconds as if it were UTC, plus
 * `minutes`: the "local timestamp" that `wall-clock.ts` resolves against a zone.
 */
export function localTimestamp(epochDay: number, minutes: number): number {
  return epochDay * MS_PER_CIVIL_DAY + minutes * 60_000;
}

/** Epoch day of a "local timestamp" (see `localTimestamp`). */
export function epochDayOfLocalTimestamp(localMs: number): number {
  return Math.floor(localMs / MS_PER_CIVIL_DAY);
}
