import type { Plan } from '@booksprintz/shared';
import { ne } from 'drizzle-orm';
import { type BookingTenant, PLAN_LIMITS, type PlanTier } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { type BillingEnv, billingEnabled } from '../../integrations/stripe/platform-billing.ts';
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
 * Integrated businesses' plans are SiteSprintz's (platform key). Standalone owners pay
 * through the platform's Stripe (Checkout, then subscription webhooks set the tier,
 * plan-billing.ts) when it has billing keys, and switch directly when it has none (a
 * plain `pnpm dev`).
 */
export function changeVia(tenant: BookingTenant, env: BillingEnv): Plan['change_via'] {
  if (tenant.mode === 'integrated') return 'platform';
  return billingEnabled(env) ? 'checkout' : 'direct';
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
    subscription_status: tenant.stripe_subscription_id ? tenant.subscription_status : null,
  };
}

/**
 * Sets the tier and the limits it carries. A smaller plan than what the business uses
 * is refused (409) rather than leaving it over its limits: archive first, then downgrade.
 */
export async function setPlan(tdb: TenantDb, tier: PlanTier): Promise<void> {
  await assertFits(tdb, tier);
  await applyTier(tdb, tier);
}

/** 409 when the business uses more than `tier` allows. */
async function assertFits(tdb: TenantDb, tier: PlanTier): Promise<void> {
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
}

/**
 * Writes the tier, the limits it carries and any billing fields, with no usage check:
 * a paid-for (or lapsed) subscription is a fact to record, not a request to refuse. A
 * business left over its limits keeps what it has and cannot add more
 * (assertBelowPlanLimit, the one place limits are enforced).
 */
export async function applyTier(
  tdb: TenantDb,
  tier: PlanTier,
  billing: Partial<
    Pick<BookingTenant, 'stripe_customer_id' | 'stripe_subscription_id' | 'subscription_status'>
  > = {},
): Promise<void> {
  await tdb.updateTenant({
    plan_tier: tier,
    ...planLimits(tier),
    ...billing,
    updated_at: new Date(),
  });
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
  if (via === 'checkout') {
    throw new ApiError(
      'forbidden',
      'Plans are paid for through Stripe: POST …/plan/checkout to subscribe, …/plan/portal to change or cancel.',
    );
  }
  await setPlan(tdb, tier);
  return planSummary(tdb, env);
}
