import {
  isUuid,
  loginLinkCreateSchema,
  planChangeSchema,
  tenantCreateSchema,
} from '@booksprintz/shared';
import { Hono } from 'hono';
import { tenantDb } from '../../db/tenant-db.ts';
import type { AppEnv } from '../../env.ts';
import { createLoginLink } from '../../features/accounts/login-links.ts';
import { planSummary, setPlan } from '../../features/tenants/plan.ts';
import { createTenant, getTenant } from '../../features/tenants/tenants.ts';
import { ApiError } from '../../http/api-error.ts';
import { readJson } from '../../http/body.ts';
import { publicOrigin } from '../../http/public-origin.ts';
import { requirePlatformKey } from '../../middleware/auth.ts';

/** What SiteSprintz does with the platform key: provision, sign owners in, set plans. */
export const platformRoutes = new Hono<AppEnv>()
  .post('/tenants', requirePlatformKey, async (c) => {
    const input = await readJson(c, tenantCreateSchema);
    return c.json(await createTenant(c.get('db')(), input), 201);
  })
  .post('/platform/login-links', requirePlatformKey, async (c) => {
    const input = await readJson(c, loginLinkCreateSchema);
    return c.json(await createLoginLink(c.get('db')(), input, publicOrigin(c), new Date()), 201);
  })
  .put('/platform/tenants/:tenant_id/plan', requirePlatformKey, async (c) => {
    const id = c.req.param('tenant_id');
    if (!isUuid(id)) throw new ApiError('not_found', 'No such tenant.');
    const { tier } = await readJson(c, planChangeSchema);
    const tdb = tenantDb(c.get('db')(), id.toLowerCase());
    await getTenant(tdb);
    await setPlan(tdb, tier);
    return c.json(await planSummary(tdb, c.env));
  });
