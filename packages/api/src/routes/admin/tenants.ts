import { tenantUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { deleteTenant, getTenant, updateTenant } from '../../features/tenants/tenants.ts';
import { readJson } from '../../http/body.ts';
import { requireRole, requireTenantKey } from '../../middleware/auth.ts';

/**
 * The tenant's own settings. Tenants are created by the platform (routes/platform) or
 * by signup (routes/account).
 */
export const tenantRoutes = new Hono<AppEnv>()
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
