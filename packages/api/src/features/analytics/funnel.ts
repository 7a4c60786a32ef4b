import {
  type AnalyticsFunnel,
  analyticsFunnelSchema,
  FUNNEL_EVENT_TYPES,
} from '@booksprintz/shared';
import { sql } from 'drizzle-orm';
import { toResponse } from '../../http/serialize.ts';
import { type Period, periodsOf } from './period.ts';
import { type FigureRequest, num } from './request.ts';
import { rowsOf } from './scope.ts';

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
