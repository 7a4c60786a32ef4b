import type {
  AnalyticsCustomers,
  AnalyticsFunnel,
  AnalyticsOverview,
  AnalyticsQuery,
  AnalyticsRevenue,
} from '@booksprintz/shared';
import {
  analyticsCustomersSchema,
  analyticsFunnelSchema,
  analyticsOverviewSchema,
  analyticsRevenueSchema,
  FUNNEL_EVENT_TYPES,
} from '@booksprintz/shared';
import { sql } from 'drizzle-orm';
import type { BookingTenant } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toResponse } from '../../http/serialize.ts';
import { openMinutesByStaff } from './open-minutes.ts';
import { type Period, periodsOf } from './period.ts';
import { countedAppointments, EARNING, type FigureScope, rowsOf } from './scope.ts';

export interface FigureRequest {
  tdb: TenantDb;
  tenant: BookingTenant;
  query: AnalyticsQuery;
  /** Set for staff-role callers: their own figures only. */
  ownStaffId: string | null;
}

function scopeOf(request: FigureRequest): FigureScope {
  return {
    tenantId: request.tdb.tenantId,
    staffId: request.ownStaffId ?? request.query.staff_id ?? null,
    zone: request.tenant.timezone,
  };
}

const num = (value: unknown): number => Number(value ?? 0);
const rate = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

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

type Revenue = Omit<AnalyticsRevenue, 'previous'>;

/** Both periods' kept revenue by local day, deposits and refunds: one statement. */
async function revenueRows(
  request: FigureRequest,
  scope: FigureScope,
  current: Period,
  previous: Period,
) {
  const both: Period = { ...current, from: previous.from, dates: [] };
  return rowsOf<{
    cur: boolean;
    date: string;
    cents: unknown;
    deposits: unknown;
    refunded: unknown;
  }>(
    await request.tdb.raw().execute(sql`SELECT a.start_time >= ${current.from.toISOString()} AS cur,
        to_char(a.start_time AT TIME ZONE ${scope.zone}, 'YYYY-MM-DD') AS date,
        coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS cents,
        coalesce(sum(a.deposit_paid_cents), 0) AS deposits, coalesce(sum(a.refunded_cents), 0) AS refunded
      FROM appointments a WHERE ${countedAppointments(scope, both)} GROUP BY 1, 2`),
  );
}

function revenueOf(
  request: FigureRequest,
  rows: Awaited<ReturnType<typeof revenueRows>>,
  cur: boolean,
  period: Period,
): Revenue {
  const mine = rows.filter((row) => row.cur === cur);
  const byDate = new Map(mine.map((row) => [row.date, num(row.cents)]));
  return {
    currency: request.tenant.currency,
    total_cents: mine.reduce((sum, row) => sum + num(row.cents), 0),
    deposits_cents: mine.reduce((sum, row) => sum + num(row.deposits), 0),
    refunded_cents: mine.reduce((sum, row) => sum + num(row.refunded), 0),
    // Every day of the range, in order, also those with nothing.
    by_day: period.dates.map((date) => ({ date, cents: byDate.get(date) ?? 0 })),
  };
}

/** `…/analytics/revenue`: kept revenue by the business's day, deposits and refunds. */
export async function analyticsRevenue(request: FigureRequest): Promise<AnalyticsRevenue> {
  const scope = scopeOf(request);
  const { current, previous } = periodsOf(request.query, scope.zone);
  const rows = await revenueRows(request, scope, current, previous);
  return toResponse(analyticsRevenueSchema, {
    ...revenueOf(request, rows, true, current),
    previous: revenueOf(request, rows, false, previous),
  });
}

type Customers = Omit<AnalyticsCustomers, 'previous'>;
type CustomerRow = {
  cur: boolean;
  customer_id: string | null;
  name: string;
  bookings: unknown;
  revenue_cents: unknown;
  returning: boolean;
};

/**
 * Customers of both periods in one statement: a customer (by e-mail: ids go with an
 * erasure) is returning when they had a booking before the period's first day.
 */
async function customerRows(
  request: FigureRequest,
  scope: FigureScope,
  current: Period,
  previous: Period,
): Promise<CustomerRow[]> {
  const both: Period = { ...current, from: previous.from, dates: [] };
  return rowsOf<CustomerRow>(
    await request.tdb.raw().execute(sql`WITH people AS (
        SELECT a.start_time >= ${current.from.toISOString()} AS cur, a.customer_email AS email,
          (array_agg(a.customer_id ORDER BY a.start_time DESC))[1] AS customer_id,
          (array_agg(a.customer_name ORDER BY a.start_time DESC))[1] AS name,
          count(*) AS bookings,
          coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS revenue_cents,
          min(a.start_time) AS first_here
        FROM appointments a WHERE ${countedAppointments(scope, both)}
        GROUP BY 1, 2)
      SELECT p.cur, p.customer_id, p.name, p.bookings, p.revenue_cents, EXISTS (
          SELECT 1 FROM appointments b
          WHERE b.tenant_id = ${scope.tenantId} AND b.customer_email = p.email
            AND b.start_time < CASE WHEN p.cur THEN ${current.from.toISOString()}::timestamptz ELSE ${previous.from.toISOString()}::timestamptz END
            AND NOT (b.status = 'cancelled' AND b.cancelled_by = 'system')
        ) AS returning
      FROM people p`),
  );
}

function customersOf(rows: CustomerRow[], cur: boolean): Customers {
  const mine = rows.filter((row) => row.cur === cur);
  const returning = mine.filter((row) => row.returning).length;
  const top = mine
    .sort(
      (a, b) => num(b.revenue_cents) - num(a.revenue_cents) || num(b.bookings) - num(a.bookings),
    )
    .slice(0, 10)
    .map((row) => ({
      customer_id: row.customer_id,
      name: row.name,
      bookings: num(row.bookings),
      revenue_cents: num(row.revenue_cents),
    }));
  return { new: mine.length - returning, returning, top };
}

/** `…/analytics/customers`: new and returning customers of the range, and the best ones. */
export async function analyticsCustomers(request: FigureRequest): Promise<AnalyticsCustomers> {
  const scope = scopeOf(request);
  const { current, previous } = periodsOf(request.query, scope.zone);
  const rows = await customerRows(request, scope, current, previous);
  return toResponse(analyticsCustomersSchema, {
    ...customersOf(rows, true),
    previous: customersOf(rows, false),
  });
}

type Funnel = Omit<AnalyticsFunnel, 'previous'>;

async function funnelOf(request: FigureRequest, period: Period): Promise<Funnel> {
  const db = request.tdb.raw();
  const where = sql`e.tenant_id = ${request.tdb.tenantId}
    AND e.created_at >= ${period.from.toISOString()} AND e.created_at < ${period.to.toISOString()}
    AND e.event_type IN (${sql.join(
      FUNNEL_EVENT_TYPES.map((type) => sql`${type}`),
      sql`, `,
    )})`;
  const [steps, sources] = await Promise.all([
    db.execute(sql`SELECT e.event_type, count(DISTINCT e.session_id) AS sessions
      FROM booking_analytics_events e WHERE ${where} GROUP BY e.event_type`),
    db.execute(sql`SELECT e.event_data->>'origin' AS origin, e.event_data->>'widget_id' AS widget_id,
        count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'view') AS views,
        count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'booked') AS booked
      FROM booking_analytics_events e WHERE ${where} GROUP BY 1, 2 ORDER BY 3 DESC, 4 DESC LIMIT 50`),
  ]);
  const count = new Map(
    rowsOf<{ event_type: string; sessions: unknown }>(steps).map((row) => [
      row.event_type,
      num(row.sessions),
    ]),
  );
  return {
    views: count.get('view') ?? 0,
    service_selected: count.get('service_selected') ?? 0,
    slot_selected: count.get('slot_selected') ?? 0,
    details_started: count.get('details_started') ?? 0,
    booked: count.get('booked') ?? 0,
    by_source: rowsOf<{
      origin: string | null;
      widget_id: string | null;
      views: unknown;
      booked: unknown;
    }>(sources).map((row) => ({
      origin: row.origin,
      widget_id: row.widget_id,
      views: num(row.views),
      booked: num(row.booked),
    })),
  };
}

/** `…/analytics/funnel`: distinct page views reaching each widget step, per site and widget. */
export async function analyticsFunnel(request: FigureRequest): Promise<AnalyticsFunnel> {
  const { current, previous } = periodsOf(request.query, request.tenant.timezone);
  const [now, before] = await Promise.all([
    funnelOf(request, current),
    funnelOf(request, previous),
  ]);
  return toResponse(analyticsFunnelSchema, { ...now, previous: before });
}
