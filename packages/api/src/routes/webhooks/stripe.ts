import { Hono } from 'hono';
import { TenantDb } from '../../db/tenant-db.ts';
import type { AppEnv } from '../../env.ts';
import { handleStripeEvent } from '../../features/payments/stripe-events.ts';
import { uuidParam } from '../admin/params.ts';

/**
 * `POST /webhooks/stripe/:tenant_id`: Stripe's events for one business. No API key —
 * the signature is the authentication — and mounted before the public `/:tenant`
 * routes (`webhooks` is a reserved slug). The raw body is read as text: verifying the
 * signature needs the exact bytes Stripe signed.
 */
export const stripeWebhookRoutes = new Hono<AppEnv>().post('/stripe/:tenant_id', async (c) => {
  const tdb = new TenantDb(c.get('db')(), uuidParam(c, 'tenant_id'));
  const outcome = await handleStripeEvent(
    c.env,
    tdb,
    await c.req.text(),
    c.req.header('stripe-signature'),
  );
  return c.json({ received: true, outcome });
});
