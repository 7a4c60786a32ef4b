import { funnelEventSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { recordFunnelEvent } from '../../features/analytics/funnel-events.ts';
import { readJson } from '../../http/body.ts';
import { clientAddress } from '../../http/client-address.ts';
import { enforceLimit } from '../../http/rate-limits.ts';

/**
 * `POST /:tenant/events`: the widget's funnel steps, sent with `navigator.sendBeacon`
 * (a `text/plain` JSON string, so no CORS preflight). Its own per-address budget, so
 * analytics can never use up what bookings need; one insert and a 204.
 */
export const eventRoutes = new Hono<AppEnv>().post('/events', async (c) => {
  const tdb = c.get('tenantDb');
  // No trusted client address: the business's own bucket (events are only counts).
  await enforceLimit(c, 'EVENTS_LIMITER', `${tdb.tenantId}:${clientAddress(c) ?? 'any'}`);
  const event = await readJson(c, funnelEventSchema, { plainText: true });
  await recordFunnelEvent(tdb, event, c.req.header('origin') ?? null);
  return c.body(null, 204);
});
