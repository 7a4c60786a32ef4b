import { Hono } from 'hono';
import { requireTenantKey } from '../../auth/middleware.ts';
import type { AppEnv } from '../../env.ts';
import { staffRoutes } from './staff.ts';
import { tenantRoutes } from './tenants.ts';

/** Everything under `/tenants/:tenant_id/…` needs that tenant's key. */
const tenantResources = new Hono<AppEnv>().use('*', requireTenantKey).route('/staff', staffRoutes);

export const adminRoutes = new Hono<AppEnv>()
  .route('/', tenantRoutes)
  .route('/tenants/:tenant_id', tenantResources);
