import Stripe from 'stripe';

/**
 * A real `Stripe-Signature` header for a webhook body, made by the Stripe SDK's own
 * test helper — what the integration suites send to the webhook endpoint. Lives here,
 * beside the other local tooling, because the SDK is a dependency of the API package.
 *
 * @example
 * const header = stripeTestSignature(JSON.stringify(event), 'whsec_…');
 */
export function stripeTestSignature(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}
