import { signupSchema, tenantCreateSchema, tenantUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  createTenant,
  deleteTenant,
  getTenant,
  signUpTenant,
  updateTenant,
} from '../../features/tenants/tenants.ts';
import { readJson } from '../../http/body.ts';
import { clientAddress } from '../../http/client-address.ts';
import { requirePlatformKey, requireRole, requireTenantKey } from '../../middleware/auth.ts';
import { rateLimit } from '../../middleware/rate-limit.ts';

/** Creating tenants (platform key or standalone signup) and the tenant's own settings. */
export const tenantRoutes = new Hono<AppEnv>()
  .post('/tenants', requirePlatformKey, async (c) => {
    const input = await readJson(c, tenantCreateSchema);
    return c.json(await createTenant(c.get('db')(), input), 201);
  })
  .post('/signup', rateLimit('SIGNUP_LIMITER', clientAddress), async (c) => {
    const input = await readJson(c, signupSchema);
    return c.json(await signUpTenant(c.get('db')(), input), 201);
  })
  .get('/tenants/:tenant_id', requireTenantKey, async (c) =>
    c.json(await getTenant(c.get('tenantDb'))),
  )
  .put('/tenants/:tenant_id', requireTenantKey, requireRole('owner', 'admin'), async (c) => {
    const patch = await readJson(c, tenantUpdateSchema);
    return c.json(await updateTenant(c.get('tenantDb'), patch));
  })
  .delete('/tenants/:tenant_id', requireTenantKey, requireRole('owner'), async (c) => {
    await deleteTenant(c.get('tenantDb'));
    return c.body(null, 204);
  });
