import { availabilityQuerySchema, tenantProfileQuerySchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { getAvailabilityJson } from '../../features/availability/query.ts';
import { getPublicService, getPublicStaff } from '../../features/catalog/catalog.ts';
import {
  listPublicLocations,
  listPublicServices,
  listPublicStaff,
} from '../../features/catalog/public-lists.ts';
import { getTenantProfileWithLists } from '../../features/tenants/tenant-profile.ts';
import { validate } from '../../http/body.ts';

/** What a customer browses before booking: the business, its services, team, places and free slots. */
export const catalogRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { include } = validate(tenantProfileQuerySchema, c.req.query());
    const tenant = c.get('tenant');
    return c.json(
      await getTenantProfileWithLists(c.get('tenantDb'), tenant, c.get('originAllowed'), include),
    );
  })
  .get('/services', async (c) => c.json({ data: await listPublicServices(c.get('tenantDb')) }))
  .get('/services/:ref', async (c) =>
    c.json(await getPublicService(c.get('tenantDb'), c.req.param('ref'))),
  )
  .get('/staff', async (c) => c.json({ data: await listPublicStaff(c.get('tenantDb')) }))
  .get('/staff/:ref', async (c) =>
    c.json(await getPublicStaff(c.get('tenantDb'), c.req.param('ref'))),
  )
  .get('/locations', async (c) => c.json({ data: await listPublicLocations(c.get('tenantDb')) }))
  .get('/availability', async (c) => {
    const query = validate(availabilityQuerySchema, c.req.query());
    const body = await getAvailabilityJson(c.env, c.get('tenantDb'), query, (work) =>
      c.executionCtx.waitUntil(work),
    );
    // Sent as the Blob's stream, not the Blob: workerd copies a Blob body into one buffer
    // per response, and a month's answer (~230 KB) took fresh pages every time
    // (docs/performance.md, eighteenth pass). The stream keeps the Content-Length.
    return c.body(body.stream(), 200, { 'content-type': 'application/json' });
  });
