import { type AnalyticsRevenue, analyticsRevenueSchema } from '@booksprintz/shared';
import { sql } from 'drizzle-orm';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toResponse } from '../../http/serialize.ts';
import { inBusinessZone } from './business-zone.ts';
import { type Period, periodsOf } from './period.ts';
import { type FigureRequest, num, scopeOf } from './request.ts';
import { countedAppointments, EARNING, type FigureScope, rowsOf } from './scope.ts';

type Revenue = Omit<AnalyticsRevenue, 'previous'>;

/**
 * Both periods' kept revenue by local day, deposits and refunds: one statement. The
 * day is the session zone's (inBusinessZone), cut once per row with `::date`; the
 * text of a day is made once per day, after grouping.
 */
async function revenueRows(tdb: TenantDb, scope: FigureScope, current: Period, previous: Period) {
  const both: Period = { ...current, from: previous.from, dates: [] };
  return rowsOf<{
    cur: boolean;
    date: string;
    cents: unknown;
    deposits: unknown;
    refunded: unknown;
  }>(
    await tdb
      .raw()
      .execute(sql`SELECT cur, to_char(day, 'YYYY-MM-DD') AS date, cents, deposits, refunded
      FROM (SELECT a.start_time >= ${current.from.toISOString()} AS cur, a.start_time::date AS day,
          coalesce(sum(a.total_price_cents) FILTER (WHERE ${EARNING}), 0) AS cents,
          coalesce(sum(a.deposit_paid_cents), 0) AS deposits, coalesce(sum(a.refunded_cents), 0) AS refunded
        FROM appointments a WHERE ${countedAppointments(scope, both)} GROUP BY 1, 2) days`),
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
  const rows = await inBusinessZone(request.tdb, scope.zone, (tx) =>
    revenueRows(tx, scope, current, previous),
  );
  return toResponse(analyticsRevenueSchema, {
    ...revenueOf(request, rows, true, current),
    previous: revenueOf(request, rows, false, previous),
  });
}
