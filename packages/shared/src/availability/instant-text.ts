/**
 * Instants as the API writes them: RFC 3339 UTC with whole seconds
 * (`2027-03-15T13:00:00Z`). Hand-rolled because `toISOString` dominated the engine's
 * profile: slots of one day share the date part, which is kept between calls.
 */
const MS_PER_MINUTE = 60_000;
const MS_PER_UTC_DAY = 86_400_000;

let prefixDay = Number.NaN;
let prefix = '';
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
/** `'HH:MM:00Z'` for each minute of a day, made once. */
export const minuteTimes: readonly string[] = Array.from(
  { length: 1440 },
  (_, minute) => `${two(Math.floor(minute / 60))}:${two(minute % 60)}:00Z`,
);

/** `'YYYY-MM-DDT'`, the date part of instants on UTC day `utcDay` (days since 1970-01-01). */
export function utcDatePart(utcDay: number): string {
  return new Date(utcDay * MS_PER_UTC_DAY).toISOString().slice(0, 11);
}

/** Moves the kept date part (`'YYYY-MM-DDT'`) to the UTC day of `ms`; returns that day. */
function datePrefix(ms: number): number {
  const utcDay = Math.floor(ms / MS_PER_UTC_DAY);
  if (utcDay !== prefixDay) {
    prefixDay = utcDay;
    prefix = utcDatePart(utcDay);
  }
  return utcDay;
}

/**
 * RFC 3339 UTC with whole seconds, as the API returns instants. On a whole minute (every
 * slot but in zones with historic second offsets) it is the kept date part and a kept
 * time of day, nothing formatted.
 */
export function formatInstant(ms: number): string {
  const utcDay = datePrefix(ms);
  const offset = ms - utcDay * MS_PER_UTC_DAY;
  if (offset % MS_PER_MINUTE === 0) return prefix + minuteTimes[offset / MS_PER_MINUTE]!;
  const seconds = Math.floor(offset / 1000);
  return `${prefix}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}Z`;
}
