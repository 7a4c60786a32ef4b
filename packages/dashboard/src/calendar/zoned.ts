import { DateTime } from 'luxon';

/**
 * Calendar arithmetic in the business's zone, through Luxon's zone rules: a day is a
 * local day (23 or 25 hours across DST), never 24 h added to an instant.
 */
export type View = 'day' | 'week' | 'month';

export function localDay(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate() ?? '';
}

/** Minutes since local midnight of the instant's own local day. */
export function minutesOfDay(instant: string, zone: string): number {
  const time = DateTime.fromISO(instant, { zone });
  return time.hour * 60 + time.minute;
}

/** The instant of a wall-clock time on a local date (a time in a DST gap moves forward). */
export function instantAt(date: string, minutes: number, zone: string): string {
  const time = DateTime.fromISO(date, { zone }).startOf('day').plus({ minutes });
  return time.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate() ?? date;
}

/** The dates a view shows around `date`: one day, Monday–Sunday, or the month's weeks. */
export function rangeOf(view: View, date: string): { start: string; end: string; days: string[] } {
  const day = DateTime.fromISO(date);
  let start = day;
  let end = day;
  if (view === 'week') {
    start = day.startOf('week');
    end = start.plus({ days: 6 });
  } else if (view === 'month') {
    start = day.startOf('month').startOf('week');
    end = day.endOf('month').endOf('week').startOf('day');
  }
  const days: string[] = [];
  for (let cursor = start; cursor <= end; cursor = cursor.plus({ days: 1 }))
    days.push(cursor.toISODate() ?? '');
  return { start: start.toISODate() ?? date, end: end.toISODate() ?? date, days };
}

/** The date the previous/next button goes to. */
export function step(view: View, date: string, direction: 1 | -1): string {
  const unit =
    view === 'day'
      ? { days: direction }
      : view === 'week'
        ? { weeks: direction }
        : { months: direction };
  return DateTime.fromISO(date).plus(unit).toISODate() ?? date;
}

export function todayIn(zone: string): string {
  return DateTime.now().setZone(zone).toISODate() ?? '';
}

/** "Tuesday 15 March 2027" / "March 2027" / "15 – 21 March 2027" for the toolbar. */
export function title(view: View, date: string, locale: string): string {
  const day = DateTime.fromISO(date).setLocale(locale);
  if (view === 'day')
    return day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  if (view === 'month') return day.toLocaleString({ month: 'long', year: 'numeric' });
  const { start, end } = rangeOf('week', date);
  const from = DateTime.fromISO(start).setLocale(locale);
  const to = DateTime.fromISO(end).setLocale(locale);
  return `${from.toLocaleString({ day: 'numeric', month: 'short' })} – ${to.toLocaleString({ day: 'numeric', month: 'short', year: 'numeric' })}`;
}

export function dayLabel(date: string, locale: string): string {
  return DateTime.fromISO(date)
    .setLocale(locale)
    .toLocaleString({ weekday: 'short', day: 'numeric' });
}

/** Formatted times of day by locale and minute: a week view asks for the same few hundred. */
const clocks = new Map<string, string>();

export function clock(minutes: number, locale: string): string {
  const key = `${locale}|${minutes}`;
  let text = clocks.get(key);
  if (text === undefined) {
    text = DateTime.fromObject({ hour: Math.floor(minutes / 60) % 24, minute: minutes % 60 })
      .setLocale(locale)
      .toLocaleString(DateTime.TIME_SIMPLE);
    clocks.set(key, text);
  }
  return text;
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An hour for the calendar's gutter, as short as the locale allows ("9 AM", "09"). */
export function hourLabel(minutes: number, locale: string): string {
  return DateTime.fromObject({ hour: Math.floor(minutes / 60) % 24 })
    .setLocale(locale)
    .toLocaleString({ hour: 'numeric' });
}
