import { type AnalyticsOverview, analyticsOverviewSchema } from '@booksprintz/shared';
import { sql } from 'drizzle-orm';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toResponse } from '../../http/serialize.ts';
import { inBusinessZone } from './business-zone.ts';
import { openMinutesByStaff, readOpenTimeRules } from './open-minutes.ts';
import { type Period, periodsOf } from './period.ts';
import { type FigureRequest, num, rate, scopeOf } from './request.ts';
import { countedAppointments, type FigureScope, rowsOf } from './scope.ts';

type Overview = Omit<AnalyticsOverview, 'previous'>;

interface OverviewRows {
  totals: Array<Record<string, unknown> & { cur: boolean }> | null;
  services: Array<{
    cur: boolean;
    service_id: string;
    bookings: unknown;
    revenue_cents: unknown;
  }> | null;
  staff: Array<{
    cur: boolean;
    staff_id: string;
    bookings: unknown;
    booked_minutes: unknown;
  }> | null;
  hours: Array<{ cur: boolean; day_of_week: unknown; hour: unknown; bookings: unknown }> | null;
}

/**
 * Both periods' figures in one statement, one scan, each row tagged with the period it
 * belongs to (`cur`). The counted appointments are grouped once, by period, service,
 * staff and status, with plain sums and counts and the list of their local hours of
 * the week; everything — totals, status counts, revenue, services, staff, the hours —
 * is summed from those few hundred groups. Never a materialised copy of the rows
 * (50,000 rows of a year spilled to disk and were slow to read back) and no second
 * scan. docs/performance.md "Analytics" has the measurements.
 */
async function overviewRows(
  tdb: TenantDb,
  scope: FigureScope,
  current: Period,
  previous: Period,
): Promise<OverviewRows> {
  const both: Period = { ...current, from: previous.from, dates: [] };
  const result = await tdb.raw().execute(sql`WITH kinds AS (
      SELECT a.start_time >= ${current.from.toISOString()} AS cur, a.service_id, a.staff_id, a.status,
        count(*) AS bookings, sum(a.total_price_cents) AS cents, sum(a.duration_minutes) AS minutes,
        sum(a.start_time - a.created_at) AS lead,
        -- Local time through the session zone (inBusinessZone): day × 24 + hour.
        array_agg((date_part('dow', a.start_time) * 24 + date_part('hour', a.start_time))::int2) AS hours
      FROM appointments a WHERE ${countedAppointments(scope, both)}
      GROUP BY 1, 2, 3, 4),
    week_hours AS (
      SELECT cur, hour_of_week, count(*) AS bookings
      FROM kinds, unnest(hours) AS hour_of_week GROUP BY 1, 2)
    SELECT
      (SELECT json_agg(t) FROM (SELECT cur, sum(bookings) AS bookings,
          coalesce(sum(bookings) FILTER (WHERE status = 'confirmed'), 0) AS confirmed,
          coalesce(sum(bookings) FILTER (WHERE status = 'completed'), 0) AS completed,
          coalesce(sum(bookings) FILTER (WHERE status = 'cancelled'), 0) AS cancelled,
          coalesce(sum(bookings) FILTER (WHERE status = 'no_show'), 0) AS no_shows,
          coalesce(sum(bookings) FILTER (WHERE status = 'pending'), 0) AS pending,
          coalesce(sum(cents) FILTER (WHERE status IN ('confirmed', 'completed')), 0) AS revenue_cents,
          -- The mean of the exact per-booking lead times (interval sums keep microseconds).
          extract(epoch FROM sum(lead)) / sum(bookings) / 3600 AS lead_hours
        FROM kinds GROUP BY cur) t) AS totals,
      (SELECT json_agg(t) FROM (SELECT cur, service_id, sum(bookings) AS bookings,
          coalesce(sum(cents) FILTER (WHERE status IN ('confirmed', 'completed')), 0) AS revenue_cents
        FROM kinds GROUP BY cur, service_id ORDER BY 4 DESC, 3 DESC, 2) t) AS services,
      (SELECT json_agg(t) FROM (SELECT cur, staff_id, sum(bookings) AS bookings,
          coalesce(sum(minutes) FILTER (WHERE status <> 'cancelled'), 0) AS booked_minutes
        FROM kinds GROUP BY cur, staff_id ORDER BY staff_id) t) AS staff,
      (SELECT json_agg(t) FROM (SELECT cur, hour_of_week / 24 AS day_of_week,
          hour_of_week % 24 AS hour, bookings
        FROM week_hours ORDER BY hour_of_week) t) AS hours`);
  return (
    rowsOf<OverviewRows>(result)[0] ?? { totals: null, services: null, staff: null, hours: null }
  );
}

function overviewOf(
  request: FigureRequest,
  rows: OverviewRows,
  cur: boolean,
  open: Map<string, number>,
  staffIds: string[],
): Overview {
  const total: Record<string, unknown> = rows.totals?.find((row) => row.cur === cur) ?? {};
  const bookings = num(total.bookings);
  const booked = new Map(
    (rows.staff ?? []).filter((row) => row.cur === cur).map((row) => [row.staff_id, row]),
  );
  // Everyone who was open, plus anyone who had bookings (archived since, say).
  const people = [...new Set([...staffIds, ...booked.keys()])];
  return {
    bookings,
    confirmed: num(total.confirmed),
    completed: num(total.completed),
    cancelled: num(total.cancelled),
    no_shows: num(total.no_shows),
    pending: num(total.pending),
    cancellation_rate: rate(num(total.cancelled), bookings),
    no_show_rate: rate(num(total.no_shows), bookings),
    revenue_cents: num(total.revenue_cents),
    currency: request.tenant.currency,
    average_lead_time_hours:
      total.lead_hours == null ? null : Math.round(num(total.lead_hours) * 10) / 10,
    by_service: (rows.services ?? [])
      .filter((row) => row.cur === cur)
      .map((row) => ({
        service_id: row.service_id,
        bookings: num(row.bookings),
        revenue_cents: num(row.revenue_cents),
      })),
    by_staff: people.map((staffId) => {
      const bookedMinutes = num(booked.get(staffId)?.booked_minutes);
      const openMinutes = open.get(staffId) ?? 0;
      return {
        staff_id: staffId,
        bookings: num(booked.get(staffId)?.bookings),
        booked_minutes: bookedMinutes,
        open_minutes: openMinutes,
        utilization:
          openMinutes === 0 ? null : Math.round((bookedMinutes / openMinutes) * 10_000) / 10_000,
      };
    }),
    by_hour: (rows.hours ?? [])
      .filter((row) => row.cur === cur)
      .map((row) => ({
        day_of_week: num(row.day_of_week),
        hour: num(row.hour),
        bookings: num(row.bookings),
      })),
  };
}

/** `…/analytics/overview`: counts, rates, revenue, lead time, services, staff, hours. */
export async function analyticsOverview(request: FigureRequest): Promise<AnalyticsOverview> {
  const scope = scopeOf(request);
  const { current, previous } = periodsOf(request.query, scope.zone);
  const { rows, open, staffIds } = await inBusinessZone(request.tdb, scope.zone, async (tx) => {
    const rules = await readOpenTimeRules(tx, request.tenant, scope.staffId);
    // One connection per request, so the statements take turns; but the engine's work
    // on open time (tens of ms for a year of ten people) can happen while Postgres
    // aggregates: send the figures' statement first. The driver sends what is written
    // on its next timer tick, hence the turn given to timers before computing.
    const figures = overviewRows(tx, scope, current, previous);
    await new Promise((sent) => setTimeout(sent, 0));
    const open = openMinutesByStaff(rules, [current, previous]);
    return { rows: await figures, open, staffIds: rules.staffIds };
  });
  const now = overviewOf(request, rows, true, open[0]!, staffIds);
  const before = overviewOf(request, rows, false, open[1]!, staffIds);
  return toResponse(analyticsOverviewSchema, { ...now, previous: before });
}
