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
import { countedAppointments, EARNING, type FigureScope, OCCUPYING, rowsOf } from './scope.ts';

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

async function overviewOf(
  request: FigureRequest,
  scope: FigureScope,
  period: Period,
  open: Map<string, number>,
  staffIds: string[],
): Promise<Overview> {
  const db = request.tdb.raw();
  const where = countedAppointments(scope, period);
  const [totals, services, staff, hours] = await Promise.all([
    db.execute(sql`SELECT count(*) AS bookings,
        count(*) FILTER (WHERE a.status = 'confirmed') AS confirmed,
        count(*) FILTER (WHERE a.status = 'completed') AS completed,
        count(*) FILTER (WHERE a.status = 'cancelled') AS cancelled,
        count(*) FILTER (WHERE a.status = 'no_show') AS no_shows,
        count(*) FILTER (WHERE a.status = 'pending') AS pending,
        coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS revenue_cents,
        avg(extract(epoch FROM a.start_time - a.created_at)) / 3600 AS lead_hours
      FROM appointments a WHERE ${where}`),
    db.execute(sql`SELECT a.service_id, count(*) AS bookings,
        coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS revenue_cents
      FROM appointments a WHERE ${where} GROUP BY a.service_id ORDER BY 3 DESC, 2 DESC`),
    db.execute(sql`SELECT a.staff_id, count(*) AS bookings,
        coalesce(sum(a.duration_minutes) FILTER (WHERE ${OCCUPYING}), 0) AS booked_minutes
      FROM appointments a WHERE ${where} GROUP BY a.staff_id`),
    db.execute(sql`SELECT extract(dow FROM a.start_time AT TIME ZONE ${scope.zone}) AS day_of_week,
        extract(hour FROM a.start_time AT TIME ZONE ${scope.zone}) AS hour, count(*) AS bookings
      FROM appointments a WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`),
  ]);
  const total = rowsOf<Record<string, unknown>>(totals)[0] ?? {};
  const bookings = num(total.bookings);
  const booked = new Map(
    rowsOf<{ staff_id: string; bookings: unknown; booked_minutes: unknown }>(staff).map((row) => [
      row.staff_id,
      row,
    ]),
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
    by_service: rowsOf<{ service_id: string; bookings: unknown; revenue_cents: unknown }>(
      services,
    ).map((row) => ({
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
    by_hour: rowsOf<{ day_of_week: unknown; hour: unknown; bookings: unknown }>(hours).map(
      (row) => ({
        day_of_week: num(row.day_of_week),
        hour: num(row.hour),
        bookings: num(row.bookings),
      }),
    ),
  };
}

/** `…/analytics/overview`: counts, rates, revenue, lead time, services, staff, hours. */
export async function analyticsOverview(request: FigureRequest): Promise<AnalyticsOverview> {
  const scope = scopeOf(request);
  const { current, previous } = periodsOf(request.query, scope.zone);
  const open = await openMinutesByStaff(
    request.tdb,
    request.tenant,
    [current, previous],
    scope.staffId,
  );
  const [now, before] = await Promise.all([
    overviewOf(request, scope, current, open.minutes[0]!, open.staffIds),
    overviewOf(request, scope, previous, open.minutes[1]!, open.staffIds),
  ]);
  return toResponse(analyticsOverviewSchema, { ...now, previous: before });
}

type Revenue = Omit<AnalyticsRevenue, 'previous'>;

async function revenueOf(
  request: FigureRequest,
  scope: FigureScope,
  period: Period,
): Promise<Revenue> {
  const db = request.tdb.raw();
  const where = countedAppointments(scope, period);
  const [totals, days] = await Promise.all([
    db.execute(sql`SELECT coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS total,
        coalesce(sum(a.deposit_paid_cents), 0) AS deposits, coalesce(sum(a.refunded_cents), 0) AS refunded
      FROM appointments a WHERE ${where}`),
    db.execute(sql`SELECT to_char(a.start_time AT TIME ZONE ${scope.zone}, 'YYYY-MM-DD') AS date,
        coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS cents
      FROM appointments a WHERE ${where} GROUP BY 1`),
  ]);
  const total = rowsOf<Record<string, unknown>>(totals)[0] ?? {};
  const byDate = new Map(
    rowsOf<{ date: string; cents: unknown }>(days).map((row) => [row.date, num(row.cents)]),
  );
  return {
    currency: request.tenant.currency,
    total_cents: num(total.total),
    deposits_cents: num(total.deposits),
    refunded_cents: num(total.refunded),
    // Every day of the range, in order, also those with nothing.
    by_day: period.dates.map((date) => ({ date, cents: byDate.get(date) ?? 0 })),
  };
}

/** `…/analytics/revenue`: kept revenue by the business's day, deposits and refunds. */
export async function analyticsRevenue(request: FigureRequest): Promise<AnalyticsRevenue> {
  const scope = scopeOf(request);
  const { current, previous } = periodsOf(request.query, scope.zone);
  const [now, before] = await Promise.all([
    revenueOf(request, scope, current),
    revenueOf(request, scope, previous),
  ]);
  return toResponse(analyticsRevenueSchema, { ...now, previous: before });
}

type Customers = Omit<AnalyticsCustomers, 'previous'>;

async function customersOf(
  request: FigureRequest,
  scope: FigureScope,
  period: Period,
): Promise<Customers> {
  const rows = rowsOf<{
    customer_id: string | null;
    name: string;
    bookings: unknown;
    revenue_cents: unknown;
    returning: boolean;
  }>(
    await request.tdb.raw().execute(sql`WITH people AS (
        SELECT a.customer_email AS email,
          (array_agg(a.customer_id ORDER BY a.start_time DESC))[1] AS customer_id,
          (array_agg(a.customer_name ORDER BY a.start_time DESC))[1] AS name,
          count(*) AS bookings,
          coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS revenue_cents
        FROM appointments a WHERE ${countedAppointments(scope, period)}
        GROUP BY a.customer_email)
      SELECT p.*, EXISTS (
          SELECT 1 FROM appointments b
          WHERE b.tenant_id = ${scope.tenantId} AND b.customer_email = p.email
            AND b.start_time < ${period.from.toISOString()}
            AND NOT (b.status = 'cancelled' AND b.cancelled_by = 'system')
        ) AS returning
      FROM people p`),
  );
  const returning = rows.filter((row) => row.returning).length;
  const top = [...rows]
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
  return { new: rows.length - returning, returning, top };
}

/** `…/analytics/customers`: new and returning customers of the range, and the best ones. */
export async function analyticsCustomers(request: FigureRequest): Promise<AnalyticsCustomers> {
  const scope = scopeOf(request);
  const { current, previous } = periodsOf(request.query, scope.zone);
  const [now, before] = await Promise.all([
    customersOf(request, scope, current),
    customersOf(request, scope, previous),
  ]);
  return toResponse(analyticsCustomersSchema, { ...now, previous: before });
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
