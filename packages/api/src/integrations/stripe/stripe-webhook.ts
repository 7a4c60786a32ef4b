import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { Stripe, webhookCrypto } from './stripe-client.ts';
import { webhookSecret } from './stripe-connection.ts';

/**
 * Stripe's side of an incoming webhook: the event, once its signature is verified
 * against the tenant's webhook secret (`constructEventAsync`, WebCrypto in workerd).
 * Nothing is read from the body before that; any failure is a 400 (404 for an unknown
 * tenant). What the event means for a booking is features/payments/stripe-events.ts.
 */
export async function verifyStripeEvent(
  env: Env,
  tdb: TenantDb,
  rawBody: string,
  signature: string | undefined,
): Promise<Stripe.Event> {
  if (!(await tdb.tenant())) throw new ApiError('not_found', 'No such tenant.');
  const secret = await webhookSecret(env, tdb);
  if (!secret) {
    throw new ApiError('validation_failed', 'This business has no Stripe webhook secret set.');
  }
  return checkStripeSignature(rawBody, signature, secret, "this business's webhook secret");
}

/**
 * A Stripe event whose `Stripe-Signature` checks out against `secret` (the SDK's own
 * check, with Web Crypto), else a 400 naming `whose` secret it failed against.
 */
export async function checkStripeSignature(
  rawBody: string,
  signature: string | undefined,
  secret: string,
  whose: string,
): Promise<Stripe.Event> {
  if (!signature) {
    throw new ApiError('validation_failed', 'The Stripe-Signature header is missing.');
  }
  try {
    return await Stripe.webhooks.constructEventAsync(
      rawBody,
      signature,
      secret,
      undefined,
      webhookCrypto,
    );
  } catch {
    throw new ApiError('validation_failed', `The Stripe signature does not match ${whose}.`);
  }
}
