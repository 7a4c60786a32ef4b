import { paymentSettingsUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  getPaymentSettings,
  updatePaymentSettings,
} from '../../features/payments/payment-settings.ts';
import { readJson } from '../../http/body.ts';
import { paymentSettingsContext } from '../../http/request-context.ts';
import { requireRole, requireVerifiedEmail } from '../../middleware/auth.ts';

/**
 * `/tenants/:tenant_id/payment-settings`: the business's Stripe connection and its
 * cancellation window. Owners and admins only (signed in: with a verified address);
 * secrets are write-only.
 */
export const paymentSettingsRoutes = new Hono<AppEnv>()
  .use('*', requireRole('owner', 'admin'))
  .get('/', async (c) => c.json(await getPaymentSettings(paymentSettingsContext(c))))
  .put('/', requireVerifiedEmail, async (c) => {
    const patch = await readJson(c, paymentSettingsUpdateSchema);
    return c.json(await updatePaymentSettings(paymentSettingsContext(c), patch));
  });
