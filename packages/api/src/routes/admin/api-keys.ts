import { apiKeyCreateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../features/accounts/api-keys.ts';
import { readJson } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/** `/tenants/:tenant_id/api-keys`: owners and admins; a staff key cannot manage keys. */
export const apiKeyRoutes = new Hono<AppEnv>()
  .use('*', requireRole('owner', 'admin'))
  .get('/', async (c) => c.json({ data: await listApiKeys(c.get('tenantDb')) }))
  .post('/', async (c) => {
    const input = await readJson(c, apiKeyCreateSchema);
    return c.json(await createApiKey(c.get('tenantDb'), c.get('auth'), input), 201);
  })
  .delete('/:id', async (c) => {
    await revokeApiKey(c.get('tenantDb'), c.get('auth'), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
