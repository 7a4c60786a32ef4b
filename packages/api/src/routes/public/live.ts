import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { openLiveSlots } from '../../features/booking/live-slots.ts';
import { ApiError } from '../../http/api-error.ts';

/** `GET /:tenant/live?staff_id=…` or `?service_id=…` (WebSocket): live slot changes. */
export const liveRoutes = new Hono<AppEnv>().get('/live', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError('validation_failed', 'Open this URL as a WebSocket.');
  }
  return openLiveSlots({
    env: c.env,
    tdb: c.get('tenantDb'),
    tenant: c.get('tenant'),
    upgrade: c.req.raw,
    staffRef: c.req.query('staff_id'),
    serviceRef: c.req.query('service_id'),
  });
});
