import { isUuid } from '@booksprintz/shared';
import type { Database } from '../../db/client.ts';
import type { BookingTenant } from '../../db/schema/index.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import {
  type BillingEnv,
  createCheckoutSession,
  createPortalSession,
  type PaidTier,
  retrieveSubscription,
  tierForPrice,
  verifyBillingEvent,
} from '../../integrations/stripe/platform-billing.ts';
import type { Stripe } from '../../integrations/stripe/stripe-client.ts';
import { applyTier, changeVia } from './plan.ts';

/** Where Stripe sends the owner back to: the plan screen, saying how it went. */
const planScreen = (origin: string, outcome?: string) =>
  `${origin}/app/settings/plan${outcome ? `?checkout=${outcome}` : ''}`;

/** Subscriptions that pay for their tier; Stripe retries a past-due card before giving up. */
const PAYING = new Set(['active', 'trialing', 'past_due']);
/** Subscriptions that ended: the business is back on the free plan. */
const ENDED = new Set(['canceled', 'unpaid', 'incomplete_expired', 'paused']);

async function billedTenant(tdb: TenantDb, env: BillingEnv): Promise<BookingTenant> {
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const via = changeVia(tenant, env);
  if (via === 'platform') {
    throw new ApiError('forbidden', 'This business’s plan is managed by SiteSprintz.');
  }
  if (via === 'direct') {
    throw new ApiError(
      'conflict',
      'Plan billing is not set up on this platform; change the plan directly (PUT …/plan).',
    );
  }
  return tenant;
}

const subscribed = (tenant: BookingTenant) =>
  Boolean(tenant.stripe_subscription_id) && PAYING.has(tenant.subscription_status);

/**
 * `POST …/plan/checkout`: a Stripe Checkout page for a subscription to `tier`. A
 * business that already pays changes tier in the billing portal instead (a second
 * Checkout would be a second subscription).
 */
export async function startCheckout(
  tdb: TenantDb,
  env: BillingEnv,
  tier: PaidTier,
  origin: string,
): Promise<{ url: string }> {
  const tenant = await billedTenant(tdb, env);
  if (subscribed(tenant)) {
    throw new ApiError(
      'conflict',
      'This business already has a plan subscription; change it in the billing portal.',
    );
  }
  const url = await createCheckoutSession(env, {
    tenantId: tenant.id,
    tier,
    customerId: tenant.stripe_customer_id,
    email: tenant.email,
    successUrl: planScreen(origin, 'success'),
    cancelUrl: planScreen(origin, 'cancelled'),
  });
  return { url };
}

/** `POST …/plan/portal`: Stripe's billing portal for the business's subscription. */
export async function openPortal(
  tdb: TenantDb,
  env: BillingEnv,
  origin: string,
): Promise<{ url: string }> {
  const tenant = await billedTenant(tdb, env);
  if (!tenant.stripe_customer_id) {
    throw new ApiError('conflict', 'This business has no plan subscription yet; subscribe first.');
  }
  return { url: await createPortalSession(env, tenant.stripe_customer_id, planScreen(origin)) };
}

export type BillingOutcome = 'applied' | 'ignored';

/**
 * `POST /webhooks/stripe-billing`: the platform's subscription events, signature checked.
 * Whatever the event says, Stripe's current state of the subscription is what is applied
 * (retrieved again), so events replayed or out of order cannot set an old tier.
 * `checkout.session.completed` adopts the subscription it created; other events about
 * a subscription the business no longer has are ignored.
 */
export async function handleBillingEvent(
  env: BillingEnv,
  db: Database,
  rawBody: string,
  signature: string | undefined,
): Promise<BillingOutcome> {
  const event = await verifyBillingEvent(env, rawBody, signature);
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      if (session.mode !== 'subscription' || !session.subscription) return 'ignored';
      const id =
        typeof session.subscription === 'string' ? session.subscription : session.subscription.id;
      return sync(env, db, id, { adopt: true, tenantHint: session.client_reference_id });
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return sync(env, db, event.data.object.id, { adopt: false, tenantHint: null });
    default:
      return 'ignored';
  }
}

async function sync(
  env: BillingEnv,
  db: Database,
  subscriptionId: string,
  options: { adopt: boolean; tenantHint: string | null },
): Promise<BillingOutcome> {
  const subscription = await retrieveSubscription(env, subscriptionId);
  const tenantId = subscription.metadata?.tenant_id ?? options.tenantHint;
  if (!tenantId || !isUuid(tenantId)) return 'ignored';
  const tdb = new TenantDb(db, tenantId.toLowerCase());
  const tenant = await tdb.tenant();
  if (!tenant || tenant.mode === 'integrated') return 'ignored';
  const current = tenant.stripe_subscription_id;
  if (!options.adopt && current && current !== subscription.id) return 'ignored';

  const billing = {
    stripe_customer_id: customerId(subscription),
    stripe_subscription_id: subscription.id,
    subscription_status: subscription.status,
  };
  if (ENDED.has(subscription.status)) {
    // An old subscription ending says nothing about the one the business has now.
    if (current && current !== subscription.id) return 'ignored';
    await applyTier(tdb, 'free', billing);
    return 'applied';
  }
  if (!PAYING.has(subscription.status)) {
    // `incomplete`: the first payment is not through yet; the tier waits for it.
    await tdb.updateTenant({ ...billing, updated_at: new Date() });
    return 'applied';
  }
  const tier = tierForPrice(env, subscription.items.data[0]?.price.id);
  if (!tier) return 'ignored';
  await applyTier(tdb, tier, billing);
  return 'applied';
}

function customerId(subscription: Stripe.Subscription): string {
  return typeof subscription.customer === 'string'
    ? subscription.customer
    : subscription.customer.id;
}
