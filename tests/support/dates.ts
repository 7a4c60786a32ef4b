/** `YYYY-MM-DD` of an instant in a zone. */
export function dateIn(zone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Weekday (0 = Sunday) of a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** A date `minDaysAhead` or more days from now (in `zone`) falling on one of `weekdays`. */
export function upcomingDate(zone: string, minDaysAhead: number, weekdays = [2, 3, 4]): string {
  for (let offset = minDaysAhead; offset < minDaysAhead + 14; offset++) {
    const date = dateIn(zone, new Date(Date.now() + offset * 86_400_000));
    if (weekdays.includes(weekdayOf(date))) return date;
  }
  throw new Error('no such date');
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
