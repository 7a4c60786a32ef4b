/**
 * Civil dates (`YYYY-MM-DD`) for the month grid. Arithmetic runs on calendar fields
 * through `Date.UTC`, which normalises overflow (day 32 → next month) and never meets a
 * DST change: a day in a real zone is not always 86 400 000 ms, a calendar day is.
 */
export type IsoDate = string;

const pad = (n: number) => String(n).padStart(2, '0');

function fields(date: IsoDate): [number, number, number] {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return [y, m, d];
}

function fromUtc(y: number, m: number, d: number): IsoDate {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Noon UTC of the date: formatting it with `timeZone: 'UTC'` shows the same date anywhere. */
export const utcNoon = (date: IsoDate): Date => {
  const [y, m, d] = fields(date);
  return new Date(Date.UTC(y, m - 1, d, 12));
};

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = fields(date);
  return fromUtc(y, m, d + days);
}

/** Same day of another month, clamped to its length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = fields(date);
  const first = fromUtc(y, m + months, 1);
  const [ty, tm] = fields(first);
  return fromUtc(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

export const monthStart = (date: IsoDate): IsoDate => `${date.slice(0, 8)}01`;

export function monthEnd(date: IsoDate): IsoDate {
  const [y, m] = fields(date);
  return fromUtc(y, m, daysInMonth(y, m));
}

/** ISO weekday: 1 = Monday … 7 = Sunday (the numbering of `Intl.Locale#getWeekInfo`). */
export function weekday(date: IsoDate): number {
  return utcNoon(date).getUTCDay() || 7;
}

export function startOfWeek(date: IsoDate, firstDay: number): IsoDate {
  return addDays(date, -((weekday(date) - firstDay + 7) % 7));
}

/** The month as weeks of seven cells; `null` pads the days of other months. */
export function monthWeeks(month: IsoDate, firstDay: number): (IsoDate | null)[][] {
  const first = monthStart(month);
  const last = monthEnd(month);
  const weeks: (IsoDate | null)[][] = [];
  for (let day = startOfWeek(first, firstDay); day <= last; ) {
    const week: (IsoDate | null)[] = [];
    for (let i = 0; i < 7; i++, day = addDays(day, 1))
      week.push(day < first || day > last ? null : day);
    weeks.push(week);
  }
  return weeks;
}

/** The last `todayIn`: its zone and UTC minute, and the date. */
let today: [string, IsoDate] | undefined;

/**
 * Today's date in an IANA zone. Every drawing asks several times; zone offsets are whole
 * minutes, so the answer holds for the whole UTC minute and is worked out once in it.
 */
export function todayIn(zone: string, now = new Date()): IsoDate {
  const key = zone + Math.floor(+now / 60_000);
  if (today?.[0] !== key) today = [key, dateIn(now, zone)];
  return today[1];
}

/**
 * Temporal, where the browser has it: the zone and today's date without `Intl`'s first
 * date formatter, which loads locale data (20–70 ms on a busy machine) before the first
 * month's times could be asked for. A platform shape, inline (scripts/mangle-props.ts).
 */
type TemporalApi = {
  Now: { timeZoneId(): string };
  Instant: {
    fromEpochMilliseconds(ms: number): {
      toZonedDateTimeISO(zone: string): { toPlainDate(): object };
    };
  };
};
export const temporal = (globalThis as { Temporal?: TemporalApi }).Temporal;

/** The civil date of an instant in a zone. */
export function dateIn(instant: Date, zone: string): IsoDate {
  if (temporal) {
    return String(
      temporal.Instant.fromEpochMilliseconds(+instant).toZonedDateTimeISO(zone).toPlainDate(),
    );
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `Intl.Locale`'s week info: inline, as a platform shape (scripts/mangle-props.ts). */
type WeekInfo = { firstDay: number };

const firstDays = new Map<string, number>();

/** First day of the week for a locale (`en-US` → 7 Sunday, `fr` → 1 Monday). */
export function firstDayOfWeek(locale: string): number {
  let day = firstDays.get(locale);
  if (day === undefined) {
    day = weekStartDay(locale);
    firstDays.set(locale, day);
  }
  return day;
}

function weekStartDay(locale: string): number {
  try {
    const tag = new Intl.Locale(locale).maximize() as Intl.Locale & {
      getWeekInfo?: () => WeekInfo;
      weekInfo?: WeekInfo;
    };
    // Engines without week info (older Firefox): Sunday in the Americas' largest markets.
    return (
      (tag.getWeekInfo?.() ?? tag.weekInfo)?.firstDay ??
      (/US|CA|MX|BR/.test(tag.region ?? '') ? 7 : 1)
    );
  } catch {
    return 1;
  }
}
