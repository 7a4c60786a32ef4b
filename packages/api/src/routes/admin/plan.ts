import { planChangeSchema, planCheckoutSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { changeOwnPlan, planSummary } from '../../features/tenants/plan.ts';
import { openPortal, startCheckout } from '../../features/tenants/plan-billing.ts';
import { readJson } from '../../http/body.ts';
import { publicOrigin } from '../../http/public-origin.ts';
import { requireRole, requireVerifiedEmail } from '../../middleware/auth.ts';

/**
 * `/tenants/:tenant_id/plan`: the plan, its limits and usage; owners change it —
 * directly without platform billing keys, else through Stripe Checkout and the billing
 * portal (money moves: a verified e-mail address is asked for first).
 */
export const planRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await planSummary(c.get('tenantDb'), c.env)))
  .put('/', requireRole('owner'), async (c) => {
    const { tier } = await readJson(c, planChangeSchema);
    return c.json(await changeOwnPlan(c.get('tenantDb'), c.env, tier));
  })
  .post('/checkout', requireRole('owner'), requireVerifiedEmail, async (c) => {
    const { tier } = await readJson(c, planCheckoutSchema);
    return c.json(await startCheckout(c.get('tenantDb'), c.env, tier, publicOrigin(c)), 201);
  })
  .post('/portal', requireRole('owner'), requireVerifiedEmail, async (c) =>
    c.json(await openPortal(c.get('tenantDb'), c.env, publicOrigin(c)), 201),
  );
