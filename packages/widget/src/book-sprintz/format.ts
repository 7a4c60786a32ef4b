/**
 * Display formatting through `Intl` only (no date library in the bundle). Formatters are
 * cached: constructing one costs far more than using it.
 */
import { temporal, utcNoon } from './calendar-date.ts';

const cache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    cache.set(key, formatter);
  }
  return formatter;
}

/** `HH:MM`, 24 h, in a zone: the `slot-HH:MM` test id (WIDGET.md), whatever the locale. */
export function slotKey(instant: string, zone: string): string {
  const parts = dateTimeFormat('en-US', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('hour')}:${get('minute')}`;
}

/**
 * A time of day in the customer's locale and a zone ("2:00 PM", "14:00"): the locale's
 * own short time, everywhere. `withZone` adds the zone's generic short name ("ET",
 * "heure : Japon") after it rather than asking Intl for a time with a zone name, whose
 * pattern differs ("1:00" beside "01:00 UTC+9" in French).
 */
export function formatTime(
  instant: string,
  zone: string,
  locale: string,
  withZone = false,
): string {
  const time = dateTimeFormat(locale, { timeZone: zone, timeStyle: 'short' }).format(
    new Date(instant),
  );
  return withZone ? `${time} ${zoneName(zone, locale, 'shortGeneric')}` : time;
}

/** A civil date ("Monday, March 15, 2027"). */
export function formatDate(
  date: string,
  locale: string,
  style: 'full' | 'medium' = 'full',
): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', dateStyle: style }).format(utcNoon(date));
}

/** An instant as date and time in a zone. */
export function formatDateTime(instant: string, zone: string, locale: string): string {
  return dateTimeFormat(locale, { timeZone: zone, dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(instant),
  );
}

export function formatMonth(date: string, locale: string): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    utcNoon(date),
  );
}

export function formatWeekday(date: string, locale: string, style: 'short' | 'long'): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', weekday: style }).format(utcNoon(date));
}

/** A zone's generic name in a locale ("Eastern Time", "ET"); `undefined` when Intl has none. */
function zoneName(
  zone: string,
  locale: string,
  style: 'longGeneric' | 'shortGeneric',
): string | undefined {
  return dateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
    .formatToParts()
    .find((part) => part.type === 'timeZoneName')?.value;
}

/**
 * A zone as people know it, in their language: its generic name and its city ("Eastern
 * Time — New York", "heure du Japon — Tokyo"); the id for zones without a name of their own.
 */
export function formatZone(zone: string, locale: string): string {
  const city = zone.split('/').pop()!.replaceAll('_', ' ');
  let name: string | undefined;
  try {
    name = zoneName(zone, locale, 'longGeneric');
  } catch {}
  // Zones without a name come back as "GMT+03:00": the id says more.
  return name && !name.startsWith('GMT') && name !== city
    ? `${name} — ${city}`
    : zone.replaceAll('_', ' ');
}

export function formatMoney(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/** "30 min", "90 min": minutes read unambiguously in every locale. */
export function formatDuration(minutes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute' }).format(minutes);
}

/** True when the runtime knows the zone. */
export function isZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    dateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Today's IANA names of the zones whose old names ICU (so Chromium's `Intl`) still gives:
 * `Asia/Calcutta` is `Asia/Kolkata`, `America/Godthab` is `America/Nuuk`; five of
 * Argentina's moved under `America/Argentina/`. Old and new both work as `timeZone`;
 * people know the new ones.
 */
const RENAMED: Record<string, string> = Object.fromEntries(
  'Asmera:Asmara Godthab:Nuuk Coral_Harbour:Atikokan Indianapolis:Indiana/Indianapolis Louisville:Kentucky/Louisville Calcutta:Kolkata Katmandu:Kathmandu Rangoon:Yangon Saigon:Ho_Chi_Minh Faeroe:Faroe Kiev:Kyiv Enderbury:Kanton Ponape:Pohnpei Truk:Chuuk'
    .split(' ')
    .map((pair) => pair.split(':')),
);

export const canonicalZone = (zone: string): string =>
  zone.replace(
    /^(\w+\/)(\w+)$/,
    (_, region, city) =>
      region +
      (RENAMED[city] ??
        (/^(Buenos_Aires|Catamarca|Cordoba|Jujuy|Mendoza)$/.test(city)
          ? `Argentina/${city}`
          : city)),
  );

/** The visitor's zone: Temporal's when it names an IANA zone (see `temporal`). */
export function browserZone(): string {
  const id = temporal?.Now.timeZoneId();
  return canonicalZone(
    id && /^[A-Z]/.test(id) ? id : Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
}

/** Every zone the runtime knows (its own names), for the zone picker. */
export function allZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: 'timeZone') => string[] })
    .supportedValuesOf;
  return supported ? supported('timeZone') : [];
}
