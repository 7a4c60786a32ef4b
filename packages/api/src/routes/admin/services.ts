import { serviceCreateSchema, serviceUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  archiveService,
  createService,
  getService,
  listServices,
  updateService,
} from '../../features/catalog/services.ts';
import { readJson } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/** `/tenants/:tenant_id/services`: every role reads the menu; owners and admins change it. */
export const serviceRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ data: await listServices(c.get('tenantDb')) }))
  .get('/:id', async (c) => c.json(await getService(c.get('tenantDb'), uuidParam(c, 'id'))))
  .post('/', requireRole('owner', 'admin'), async (c) => {
    const input = await readJson(c, serviceCreateSchema);
    return c.json(await createService(c.get('tenantDb'), input), 201);
  })
  .put('/:id', requireRole('owner', 'admin'), async (c) => {
    const id = uuidParam(c, 'id');
    const patch = await readJson(c, serviceUpdateSchema);
    return c.json(await updateService(c.get('tenantDb'), id, patch));
  })
  .delete('/:id', requireRole('owner', 'admin'), async (c) => {
    await archiveService(c.get('tenantDb'), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
