import { decryptNullable, ENCRYPTED } from '../../db/field-encryption.ts';
import { type BookingPaymentSettings, bookingPaymentSettings } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { type Stripe, stripeClient } from './stripe-client.ts';

/** A business's Stripe account as the API talks to it. */
export interface StripeConnection {
  stripe: Stripe;
  /** For Stripe.js in the customer's browser. */
  publishableKey: string;
  /** Set for Connect: requests go to this account with the platform's key. */
  accountId: string | null;
}

export async function loadPaymentSettings(
  tdb: TenantDb,
): Promise<BookingPaymentSettings | undefined> {
  const [row] = await tdb.list(bookingPaymentSettings, { limit: 1 });
  return row;
}

/**
 * Whether the stored settings can take deposits end to end: a way to charge (own keys,
 * or a Connect account id) and the webhook secret that the confirmation depends on.
 */
export function depositsPossible(settings: BookingPaymentSettings | undefined): boolean {
  if (!settings?.webhook_secret_encrypted) return false;
  if (settings.stripe_account_id) return true;
  return Boolean(settings.secret_key_encrypted && settings.publishable_key);
}

/**
 * The tenant's Stripe account, ready to charge. Missing settings here mean the business
 * (or, for Connect, the platform) is misconfigured — not the customer's mistake — so
 * this is a 503, and the booking that needed it is undone by the caller.
 */
export async function stripeConnection(env: Env, tdb: TenantDb): Promise<StripeConnection> {
  const settings = await loadPaymentSettings(tdb);
  const unavailable = new ApiError(
    'service_unavailable',
    'This business cannot take deposits online right now.',
  );
  if (!settings || !depositsPossible(settings)) throw unavailable;
  if (settings.stripe_account_id) {
    if (!env.STRIPE_CONNECT_SECRET_KEY || !env.STRIPE_CONNECT_PUBLISHABLE_KEY) throw unavailable;
    return {
      stripe: stripeClient(env, env.STRIPE_CONNECT_SECRET_KEY, settings.stripe_account_id),
      publishableKey: env.STRIPE_CONNECT_PUBLISHABLE_KEY,
      accountId: settings.stripe_account_id,
    };
  }
  const secret = await decryptNullable(
    env.ENCRYPTION_KEY,
    ENCRYPTED.stripeSecretKey,
    settings.secret_key_encrypted,
  );
  if (!secret || !settings.publishable_key) throw unavailable;
  return {
    stripe: stripeClient(env, secret),
    publishableKey: settings.publishable_key,
    accountId: null,
  };
}

/** The secret Stripe signs this tenant's webhook events with; null when none is set. */
export async function webhookSecret(env: Env, tdb: TenantDb): Promise<string | null> {
  const settings = await loadPaymentSettings(tdb);
  return decryptNullable(
    env.ENCRYPTION_KEY,
    ENCRYPTED.stripeWebhookSecret,
    settings?.webhook_secret_encrypted,
  );
}
