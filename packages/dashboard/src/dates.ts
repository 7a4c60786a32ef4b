import { locale } from './i18n/index.ts';

/** Today's date (`YYYY-MM-DD`) in a zone: the business's day, not the browser's. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** "9:30 AM" / "09:30" in the app's language, in the business's zone. */
export function timeIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    new Date(instant),
  );
}

/** "Tue 15 Mar, 9:30 AM" in the app's language, in the business's zone. */
export function dateTimeIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(instant));
}
