import { staffCreateSchema, staffUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  archiveStaff,
  createStaff,
  getStaff,
  listStaff,
  updateStaff,
} from '../../features/catalog/staff.ts';
import { readJson } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/** `/tenants/:tenant_id/staff`: every role reads the team; owners and admins change it. */
export const staffRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ data: await listStaff(c.get('tenantDb')) }))
  .get('/:id', async (c) => c.json(await getStaff(c.get('tenantDb'), uuidParam(c, 'id'))))
  .post('/', requireRole('owner', 'admin'), async (c) => {
    const input = await readJson(c, staffCreateSchema);
    return c.json(await createStaff(c.get('tenantDb'), input), 201);
  })
  .put('/:id', requireRole('owner', 'admin'), async (c) => {
    const patch = await readJson(c, staffUpdateSchema);
    return c.json(await updateStaff(c.get('tenantDb'), uuidParam(c, 'id'), patch));
  })
  .delete('/:id', requireRole('owner', 'admin'), async (c) => {
    await archiveStaff(c.get('tenantDb'), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
