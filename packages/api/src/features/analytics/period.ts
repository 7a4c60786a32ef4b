import type { AnalyticsQuery } from '@booksprintz/shared';
import { DateTime } from 'luxon';

/** A range of the business's days and the instants that bound it (half-open). */
export interface Period {
  start: string;
  end: string;
  from: Date;
  to: Date;
  dates: string[];
}

function period(start: DateTime, end: DateTime): Period {
  const dates: string[] = [];
  for (let day = start; day <= end; day = day.plus({ days: 1 })) dates.push(day.toISODate() ?? '');
  return {
    start: start.toISODate() ?? '',
    end: end.toISODate() ?? '',
    // Local midnights through the zone's rules: a DST day is 23 or 25 hours long.
    from: start.startOf('day').toJSDate(),
    to: end.plus({ days: 1 }).startOf('day').toJSDate(),
    dates,
  };
}

/**
 * The asked-for days in the business's zone and the period of equal length just
 * before them, which every figure is shown beside (API.md "Analytics").
 */
export function periodsOf(
  query: AnalyticsQuery,
  zone: string,
): { current: Period; previous: Period } {
  const start = DateTime.fromISO(query.start_date, { zone });
  const end = DateTime.fromISO(query.end_date, { zone });
  const days = Math.round(end.diff(start, 'days').days) + 1;
  const previousEnd = start.minus({ days: 1 });
  return {
    current: period(start, end),
    previous: period(previousEnd.minus({ days: days - 1 }), previousEnd),
  };
}
