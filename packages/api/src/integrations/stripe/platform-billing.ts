import type { PlanTier } from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';
import { type Stripe, stripeClient } from './stripe-client.ts';
import { checkStripeSignature } from './stripe-webhook.ts';

/**
 * The platform's own Stripe account, where standalone businesses pay for their plan
 * (Checkout for a new subscription, the billing portal to change or cancel it). This is
 * not the businesses' Stripe (deposits, stripe-connection.ts): one key for the platform,
 * `PLATFORM_STRIPE_SECRET_KEY`, and one webhook secret for its subscription events.
 */
export type BillingEnv = Pick<
  Env,
  | 'ENVIRONMENT'
  | 'STRIPE_API_BASE'
  | 'OUTBOUND_TIMEOUT_MS'
  | 'PLATFORM_STRIPE_SECRET_KEY'
  | 'PLATFORM_STRIPE_WEBHOOK_SECRET'
  | 'PLATFORM_STRIPE_PRICE_STARTER'
  | 'PLATFORM_STRIPE_PRICE_PROFESSIONAL'
  | 'PLATFORM_STRIPE_PRICE_ENTERPRISE'
>;

export type PaidTier = Exclude<PlanTier, 'free'>;

/** Plan billing is on when the platform has a Stripe secret key; off, plans switch freely. */
export function billingEnabled(env: BillingEnv): boolean {
  return Boolean(env.PLATFORM_STRIPE_SECRET_KEY?.trim());
}

function priceIds(env: BillingEnv): Record<PaidTier, string> {
  return {
    starter: env.PLATFORM_STRIPE_PRICE_STARTER?.trim() ?? '',
    professional: env.PLATFORM_STRIPE_PRICE_PROFESSIONAL?.trim() ?? '',
    enterprise: env.PLATFORM_STRIPE_PRICE_ENTERPRISE?.trim() ?? '',
  };
}

/** The recurring Price a paid tier is sold at; 503 when the platform set none. */
export function priceFor(env: BillingEnv, tier: PaidTier): string {
  const price = priceIds(env)[tier];
  if (!price) {
    throw new ApiError('service_unavailable', `The ${tier} plan cannot be bought right now.`);
  }
  return price;
}

/** Which tier a subscription's Price stands for; null for a Price the platform does not sell. */
export function tierForPrice(env: BillingEnv, priceId: string | undefined): PaidTier | null {
  if (!priceId) return null;
  const match = Object.entries(priceIds(env)).find(([, id]) => id === priceId);
  return match ? (match[0] as PaidTier) : null;
}

function platformStripe(env: BillingEnv): Stripe {
  if (!billingEnabled(env)) {
    throw new ApiError('service_unavailable', 'Plan billing is not set up on this platform.');
  }
  return stripeClient(env, env.PLATFORM_STRIPE_SECRET_KEY.trim());
}

const unreachable = () =>
  new ApiError('service_unavailable', 'Stripe could not be reached; try again in a moment.');

export interface CheckoutRequest {
  tenantId: string;
  tier: PaidTier;
  /** The business as a Stripe customer already; else Checkout makes one from the e-mail. */
  customerId: string | null;
  email: string | null;
  successUrl: string;
  cancelUrl: string;
}

/** A Checkout Session for a subscription to the tier's Price; its URL is the owner's next page. */
export async function createCheckoutSession(
  env: BillingEnv,
  request: CheckoutRequest,
): Promise<string> {
  const stripe = platformStripe(env);
  const metadata = { tenant_id: request.tenantId, tier: request.tier };
  const session = await stripe.checkout.sessions
    .create({
      mode: 'subscription',
      line_items: [{ price: priceFor(env, request.tier), quantity: 1 }],
      client_reference_id: request.tenantId,
      ...(request.customerId
        ? { customer: request.customerId }
        : request.email
          ? { customer_email: request.email }
          : {}),
      metadata,
      // The subscription carries the tenant too, so its later events find the business.
      subscription_data: { metadata },
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
    })
    .catch(() => {
      throw unreachable();
    });
  if (!session.url) throw unreachable();
  return session.url;
}

/** A billing portal session for the business's Stripe customer (change card, plan, cancel). */
export async function createPortalSession(
  env: BillingEnv,
  customerId: string,
  returnUrl: string,
): Promise<string> {
  const stripe = platformStripe(env);
  const session = await stripe.billingPortal.sessions
    .create({ customer: customerId, return_url: returnUrl })
    .catch(() => {
      throw unreachable();
    });
  return session.url;
}

/** Stripe's current word on a subscription (events arrive in any order; this does not). */
export async function retrieveSubscription(
  env: BillingEnv,
  subscriptionId: string,
): Promise<Stripe.Subscription> {
  return platformStripe(env)
    .subscriptions.retrieve(subscriptionId)
    .catch(() => {
      // 503 makes Stripe deliver the event again later.
      throw unreachable();
    });
}

/**
 * An event from the platform's Stripe account, once its signature checks out against
 * `PLATFORM_STRIPE_WEBHOOK_SECRET`. Without billing set up the endpoint does not exist
 * (404); a missing or wrong signature is a 400 and nothing is read from the body.
 */
export async function verifyBillingEvent(
  env: BillingEnv,
  rawBody: string,
  signature: string | undefined,
): Promise<Stripe.Event> {
  const secret = env.PLATFORM_STRIPE_WEBHOOK_SECRET?.trim();
  if (!billingEnabled(env) || !secret) {
    throw new ApiError('not_found', 'Plan billing is not set up on this platform.');
  }
  return checkStripeSignature(rawBody, signature, secret, "the platform's billing webhook secret");
}
