import { analyticsQuerySchema } from '@booksprintz/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { analyticsCustomers } from '../../features/analytics/customers.ts';
import { analyticsFunnel } from '../../features/analytics/funnel.ts';
import { analyticsOverview } from '../../features/analytics/overview.ts';
import type { FigureRequest } from '../../features/analytics/request.ts';
import { analyticsRevenue } from '../../features/analytics/revenue.ts';
import { ApiError } from '../../http/api-error.ts';
import { validate } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';

async function figureRequest(c: Context<AppEnv>): Promise<FigureRequest> {
  const tdb = c.get('tenantDb');
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const auth = c.get('auth');
  return {
    tdb,
    tenant,
    query: validate(analyticsQuerySchema, c.req.query()),
    ownStaffId: auth.role === 'staff' ? auth.staffId : null,
  };
}

/**
 * `/tenants/:tenant_id/analytics/*` (API.md "Analytics"): figures for the business's
 * days `start_date`…`end_date`, each beside the period just before. Staff keys get
 * their own figures; the widget funnel is the business's, so owners and admins only.
 */
export const analyticsRoutes = new Hono<AppEnv>()
  .get('/overview', async (c) => c.json(await analyticsOverview(await figureRequest(c))))
  .get('/revenue', async (c) => c.json(await analyticsRevenue(await figureRequest(c))))
  .get('/customers', async (c) => c.json(await analyticsCustomers(await figureRequest(c))))
  .get('/funnel', requireRole('owner', 'admin'), async (c) =>
    c.json(await analyticsFunnel(await figureRequest(c))),
  );
