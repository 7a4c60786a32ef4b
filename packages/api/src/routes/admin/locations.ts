import { locationCreateSchema, locationUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  archiveLocation,
  createLocation,
  getLocation,
  listLocations,
  updateLocation,
} from '../../features/catalog/locations.ts';
import { readJson } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/** `/tenants/:tenant_id/locations`: every role reads them; owners and admins change them. */
export const locationRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ data: await listLocations(c.get('tenantDb')) }))
  .get('/:id', async (c) => c.json(await getLocation(c.get('tenantDb'), uuidParam(c, 'id'))))
  .post('/', requireRole('owner', 'admin'), async (c) => {
    const input = await readJson(c, locationCreateSchema);
    return c.json(await createLocation(c.get('tenantDb'), input), 201);
  })
  .put('/:id', requireRole('owner', 'admin'), async (c) => {
    const id = uuidParam(c, 'id');
    const patch = await readJson(c, locationUpdateSchema);
    return c.json(await updateLocation(c.get('tenantDb'), id, patch));
  })
  .delete('/:id', requireRole('owner', 'admin'), async (c) => {
    await archiveLocation(c.get('tenantDb'), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
