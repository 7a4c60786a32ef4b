import { type AnalyticsCustomers, analyticsCustomersSchema } from '@booksprintz/shared';
import { sql } from 'drizzle-orm';
import { toResponse } from '../../http/serialize.ts';
import { type Period, periodsOf } from './period.ts';
import { type FigureRequest, num, scopeOf } from './request.ts';
import { countedAppointments, EARNING, type FigureScope, rowsOf } from './scope.ts';

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
