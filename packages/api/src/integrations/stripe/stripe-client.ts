import Stripe from 'stripe';

/**
 * A Stripe client for one business's account, made per use (a Worker must not share
 * I/O objects between requests, and each tenant has its own key). Workers have no Node
 * `http`: the SDK talks through `fetch`.
 *
 * `STRIPE_API_BASE` points the SDK at another server — a local fake in tests, or
 * `stripe-mock` — and is honoured only when ENVIRONMENT is "development", so a stray
 * setting in production cannot send card payments anywhere but Stripe.
 */
export function stripeClient(
  env: Pick<Env, 'ENVIRONMENT' | 'STRIPE_API_BASE' | 'OUTBOUND_TIMEOUT_MS'>,
  secretKey: string,
  accountId?: string | null,
): Stripe {
  return new Stripe(secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    // Every write carries an idempotency key, so a retried request cannot charge twice.
    maxNetworkRetries: 2,
    timeout: requestTimeout(env.OUTBOUND_TIMEOUT_MS),
    telemetry: false,
    ...(accountId ? { stripeAccount: accountId } : {}),
    ...apiBase(env),
  });
}

function requestTimeout(setting: string | undefined): number {
  const value = Number(setting);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 30_000) : 10_000;
}

function apiBase(env: Pick<Env, 'ENVIRONMENT' | 'STRIPE_API_BASE'>) {
  if (env.ENVIRONMENT !== 'development' || !env.STRIPE_API_BASE) return {};
  const url = new URL(env.STRIPE_API_BASE);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? '80' : '443'),
    protocol,
  } as const;
}

/** A crypto provider for webhook signatures that works in workerd (WebCrypto). */
export const webhookCrypto = Stripe.createSubtleCryptoProvider();

export { Stripe };
