import { type AnalyticsOverview, analyticsOverviewSchema } from '@booksprintz/shared';
import { sql } from 'drizzle-orm';
import { toResponse } from '../../http/serialize.ts';
import { openMinutesByStaff } from './open-minutes.ts';
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
 * Both periods' figures in one statement and one round trip: the appointments of the
 * two periods are read once (the index on tenant and start time), then aggregated
 * four ways, each row tagged with the period it belongs to (`cur`).
 */
async function overviewRows(
  request: FigureRequest,
  scope: FigureScope,
  current: Period,
  previous: Period,
): Promise<OverviewRows> {
  const both: Period = { ...current, from: previous.from, dates: [] };
  const result = await request.tdb.raw().execute(sql`WITH a AS MATERIALIZED (
      SELECT a.start_time >= ${current.from.toISOString()} AS cur, a.status, a.service_id, a.staff_id,
        a.total_price_cents, a.duration_minutes, a.start_time, a.created_at,
        a.start_time AT TIME ZONE ${scope.zone} AS local_start
      FROM appointments a WHERE ${countedAppointments(scope, both)})
    SELECT
      (SELECT json_agg(t) FROM (SELECT cur, count(*) AS bookings,
          count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
          count(*) FILTER (WHERE status = 'completed') AS completed,
          count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
          count(*) FILTER (WHERE status = 'no_show') AS no_shows,
          count(*) FILTER (WHERE status = 'pending') AS pending,
          coalesce(sum(total_price_cents) FILTER (WHERE status IN ('confirmed', 'completed')), 0) AS revenue_cents,
          avg(extract(epoch FROM start_time - created_at)) / 3600 AS lead_hours
        FROM a GROUP BY cur) t) AS totals,
      (SELECT json_agg(t) FROM (SELECT cur, service_id, count(*) AS bookings,
          coalesce(sum(total_price_cents) FILTER (WHERE status IN ('confirmed', 'completed')), 0) AS revenue_cents
        FROM a GROUP BY cur, service_id ORDER BY 4 DESC, 3 DESC) t) AS services,
      (SELECT json_agg(t) FROM (SELECT cur, staff_id, count(*) AS bookings,
          coalesce(sum(duration_minutes) FILTER (WHERE status <> 'cancelled'), 0) AS booked_minutes
        FROM a GROUP BY cur, staff_id) t) AS staff,
      (SELECT json_agg(t) FROM (SELECT cur, extract(dow FROM local_start) AS day_of_week,
          extract(hour FROM local_start) AS hour, count(*) AS bookings
        FROM a GROUP BY 1, 2, 3 ORDER BY 2, 3) t) AS hours`);
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
  // The figures and the open time are independent: read both at once.
  const [rows, open] = await Promise.all([
    overviewRows(request, scope, current, previous),
    openMinutesByStaff(request.tdb, request.tenant, [current, previous], scope.staffId),
  ]);
  const now = overviewOf(request, rows, true, open.minutes[0]!, open.staffIds);
  const before = overviewOf(request, rows, false, open.minutes[1]!, open.staffIds);
  return toResponse(analyticsOverviewSchema, { ...now, previous: before });
}
