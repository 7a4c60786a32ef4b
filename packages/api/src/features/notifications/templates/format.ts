import { DateTime } from 'luxon';

/**
 * How the API's customer-facing text (e-mails, the manage page, calendar descriptions)
 * writes dates, times and zones: one clock per locale, and zones by the names people
 * know ("Eastern Time (New York)", as the widget shows them) rather than "GMT-5" in one
 * place and "UTC−5" in another.
 */
export type Locale = 'en' | 'es' | 'fr';

/** The widget's locales; anything else (a stored `en-GB`, a null) reads as English. */
export function localeOf(value: string | null | undefined): Locale {
  const base = (value ?? '').slice(0, 2).toLowerCase();
  return base === 'es' || base === 'fr' ? base : 'en';
}

/** English reads a 12-hour clock ("9:00 AM"); French and Spanish a 24-hour one ("09:00"). */
const CLOCK: Record<Locale, Intl.DateTimeFormatOptions> = {
  en: { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' },
  es: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  fr: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

const LONG_DATE: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are cached: constructing one costs far more than using it. */
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

/** "9:00 AM" / "09:00" on the wall clock of `zone`. */
export function formatTime(instant: Date, zone: string, locale: Locale): string {
  return formatter(locale, { timeZone: zone, ...CLOCK[locale] }).format(instant);
}

/** "Monday, March 15, 2027" for the day `instant` falls on in `zone`. */
export function formatDay(instant: Date, zone: string, locale: Locale): string {
  return formatter(locale, { timeZone: zone, ...LONG_DATE }).format(instant);
}

/** A civil date `YYYY-MM-DD` in words: "Monday, March 15, 2027". */
export function formatCivilDate(date: string, locale: Locale): string {
  return formatDay(new Date(`${date}T12:00:00Z`), 'UTC', locale);
}

/** "Monday, March 15, 2027 at 9:00 AM" / "lundi 15 mars 2027 à 09:00", without the zone. */
export function formatDateTime(instant: Date, zone: string, locale: Locale): string {
  return formatter(locale, { timeZone: zone, ...LONG_DATE, ...CLOCK[locale] }).format(instant);
}

/**
 * "Eastern Time (New York)": the zone's generic name in the reader's language, then the
 * city of its IANA id; zones with no name of their own ("GMT+00:00") read as the id.
 */
export function formatZone(zone: string, locale: Locale, at: Date): string {
  const city = zone.split('/').pop()?.replaceAll('_', ' ') ?? zone;
  try {
    const name = formatter(locale, { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
    return name && name !== city && !/^(GMT|UTC)[+−-]/.test(name)
      ? `${name} (${city})`
      : zone.replaceAll('_', ' ');
  } catch {
    return zone.replaceAll('_', ' ');
  }
}

/**
 * An instant with its zone, unambiguous on its own: "Monday, March 15, 2027 at 9:00 AM,
 * Eastern Time (New York)" — the e-mails' and the calendar's way of writing a time.
 */
export function formatInstant(instant: Date, zone: string, locale: Locale): string {
  // Remembered by exact instant, zone and locale: a booking's messages, calendar text
  // and links write the same instant several times, and the zone's name costs an `Intl`
  // `formatToParts` each time (issue 21).
  const key = `${instant.getTime()}|${zone}|${locale}`;
  let text = written.get(key);
  if (text === undefined) {
    text = `${formatDateTime(instant, zone, locale)}, ${formatZone(zone, locale, instant)}`;
    if (written.size >= WRITTEN_LIMIT) written.clear();
    written.set(key, text);
  }
  return text;
}

const WRITTEN_LIMIT = 1000;
const written = new Map<string, string>();

/** Whether a clock in `other` shows another time than one in `zone` at `instant`. */
export function zonesDiffer(instant: Date, zone: string, other: string | null): boolean {
  if (!other || other === zone) return false;
  const at = DateTime.fromJSDate(instant);
  const a = at.setZone(zone);
  const b = at.setZone(other);
  return a.isValid && b.isValid && a.offset !== b.offset;
}
