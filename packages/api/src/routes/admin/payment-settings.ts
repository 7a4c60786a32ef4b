import { paymentSettingsUpdateSchema } from '@booksprintz/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  getPaymentSettings,
  type PaymentSettingsContext,
  updatePaymentSettings,
} from '../../features/payments/payment-settings.ts';
import { readJson } from '../../http/body.ts';
import { requireRole, requireVerifiedEmail } from '../../middleware/auth.ts';

function settingsContext(c: Context<AppEnv>): PaymentSettingsContext {
  return { env: c.env, tdb: c.get('tenantDb'), origin: new URL(c.req.url).origin };
}

/**
 * `/tenants/:tenant_id/payment-settings`: the business's Stripe connection and its
 * cancellation window. Owners and admins only (signed in: with a verified address);
 * secrets are write-only.
 */
export const paymentSettingsRoutes = new Hono<AppEnv>()
  .use('*', requireRole('owner', 'admin'))
  .get('/', async (c) => c.json(await getPaymentSettings(settingsContext(c))))
  .put('/', requireVerifiedEmail, async (c) => {
    const patch = await readJson(c, paymentSettingsUpdateSchema);
    return c.json(await updatePaymentSettings(settingsContext(c), patch));
  });
