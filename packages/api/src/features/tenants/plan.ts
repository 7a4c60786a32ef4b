import type { Plan } from '@booksprintz/shared';
import { ne } from 'drizzle-orm';
import { type BookingTenant, PLAN_LIMITS, type PlanTier } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { LIMITED } from './plan-limits.ts';
import { forgetTenant } from './tenant-cache.ts';

/** The limits a tier sets, as stored on the tenant. */
export function planLimits(tier: PlanTier) {
  return PLAN_LIMITS[tier];
}

/** Live (not archived) staff, services and locations: what the limits count. */
async function usage(tdb: TenantDb): Promise<Plan['usage']> {
  const [staff, services, locations] = await Promise.all(
    (['staff', 'services', 'locations'] as const).map((resource) => {
      const { table } = LIMITED[resource];
      return tdb.count(table, ne(table.status, 'archived'));
    }),
  );
  return { staff: staff ?? 0, services: services ?? 0, locations: locations ?? 0 };
}

/**
 * Paying for a plan through the platform's Stripe account (Checkout, then subscription
 * webhooks setting the tier) is not built yet; until it is, standalone owners switch
 * directly, as in a plain `pnpm dev` with no billing keys.
 */
function changeVia(tenant: BookingTenant, _env: Env): Plan['change_via'] {
  return tenant.mode === 'integrated' ? 'platform' : 'direct';
}

/** `GET /tenants/:id/plan`: the tier, its limits, what is used, and who may change it. */
export async function planSummary(tdb: TenantDb, env: Env): Promise<Plan> {
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  return {
    tier: tenant.plan_tier as PlanTier,
    limits: {
      max_staff: tenant.max_staff,
      max_services: tenant.max_services,
      max_locations: tenant.max_locations,
    },
    usage: await usage(tdb),
    managed_by: tenant.mode === 'integrated' ? 'platform' : 'owner',
    change_via: changeVia(tenant, env),
  };
}

/**
 * Sets the tier and the limits it carries. A smaller plan than what the business uses
 * is refused (409) rather than leaving it over its limits: archive first, then downgrade.
 */
export async function setPlan(tdb: TenantDb, tier: PlanTier): Promise<void> {
  const limits = planLimits(tier);
  const used = await usage(tdb);
  const over = (['staff', 'services', 'locations'] as const).filter(
    (resource) => used[resource] > limits[LIMITED[resource].limit],
  );
  if (over.length > 0) {
    throw new ApiError(
      'conflict',
      `The ${tier} plan allows fewer ${over.map((r) => LIMITED[r].noun).join(', ')} than the business has; archive some first.`,
      {
        errors: over.map((resource) => ({
          path: 'tier',
          message: `too many ${LIMITED[resource].noun}`,
        })),
      },
    );
  }
  await tdb.updateTenant({ plan_tier: tier, ...limits, updated_at: new Date() });
  forgetTenant(tdb.tenantId);
}

/** An owner changing their own plan. Integrated businesses' plans belong to SiteSprintz. */
export async function changeOwnPlan(tdb: TenantDb, env: Env, tier: PlanTier): Promise<Plan> {
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const via = changeVia(tenant, env);
  if (via === 'platform') {
    throw new ApiError('forbidden', 'This business’s plan is managed by SiteSprintz.');
  }
  await setPlan(tdb, tier);
  return planSummary(tdb, env);
}
