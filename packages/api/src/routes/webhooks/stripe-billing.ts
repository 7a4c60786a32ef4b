import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { handleBillingEvent } from '../../features/tenants/plan-billing.ts';

/**
 * `POST /webhooks/stripe-billing`: subscription events from the platform's own Stripe
 * account (plan billing). No key — the signature is the authentication; the raw body is
 * read as text because verifying it needs the exact bytes Stripe signed.
 */
export const stripeBillingWebhookRoutes = new Hono<AppEnv>().post('/stripe-billing', async (c) => {
  const outcome = await handleBillingEvent(
    c.env,
    c.get('db')(),
    await c.req.text(),
    c.req.header('stripe-signature'),
  );
  return c.json({ received: true, outcome });
});
