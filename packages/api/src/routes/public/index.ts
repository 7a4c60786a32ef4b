import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { publicTenant } from '../../middleware/public-tenant.ts';
import { publicWriteLimit } from '../../middleware/rate-limit.ts';
import { bookingRoutes } from './booking.ts';
import { catalogRoutes } from './catalog.ts';
import { eventRoutes } from './events.ts';
import { liveRoutes } from './live.ts';

/** The key-less API under `/:tenant`, with the tenant's CORS and Origin rules. */
export const publicRoutes = new Hono<AppEnv>()
  .use('/:tenant/*', publicTenant)
  .use('/:tenant/*', publicWriteLimit)
  .route('/:tenant', catalogRoutes)
  .route('/:tenant', bookingRoutes)
  .route('/:tenant', liveRoutes)
  .route('/:tenant', eventRoutes);
