import { planChangeSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { changeOwnPlan, planSummary } from '../../features/tenants/plan.ts';
import { readJson } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';

/** `/tenants/:tenant_id/plan`: the plan, its limits and usage; owners change it. */
export const planRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await planSummary(c.get('tenantDb'), c.env)))
  .put('/', requireRole('owner'), async (c) => {
    const { tier } = await readJson(c, planChangeSchema);
    return c.json(await changeOwnPlan(c.get('tenantDb'), c.env, tier));
  });
