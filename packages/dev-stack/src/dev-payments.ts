import { join } from 'node:path';
import { ENCRYPTED, encryptField } from '@booksprintz/api/db/field-encryption';
import pg from 'pg';
import { loadDevSecrets } from './dev-secrets.ts';

/** Stripe test keys for the demo business, from `STRIPE_TEST_*` in the environment. */
export interface DevStripeKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

/**
 * The keys when all three are given (and are test keys: the demo never charges real
 * cards); undefined otherwise, and `pnpm dev` then leaves deposits off.
 */
export function devStripeKeys(env: NodeJS.ProcessEnv = process.env): DevStripeKeys | undefined {
  const secretKey = env.STRIPE_TEST_SECRET_KEY;
  const publishableKey = env.STRIPE_TEST_PUBLISHABLE_KEY;
  const webhookSecret = env.STRIPE_TEST_WEBHOOK_SECRET;
  if (!secretKey || !publishableKey || !webhookSecret) return undefined;
  if (!secretKey.startsWith('sk_test_') || !publishableKey.startsWith('pk_test_')) {
    throw new Error('STRIPE_TEST_SECRET_KEY / STRIPE_TEST_PUBLISHABLE_KEY must be test keys');
  }
  return { secretKey, publishableKey, webhookSecret };
}

/**
 * Connects the demo business to Stripe with test keys (stored encrypted, as the admin
 * API would) and makes its `color` service take a 20 % deposit. Idempotent; returns the
 * demo's tenant id (its webhook URL names it), undefined when there is no demo
 * business. Writes the database directly: the demo has no admin key to call
 * `payment-settings` with.
 */
export async function configureDevPayments(
  databaseUrl: string,
  dataDir: string,
  keys: DevStripeKeys,
): Promise<string | undefined> {
  const { ENCRYPTION_KEY } = await loadDevSecrets(join(dataDir, 'dev-secrets.json'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tenant = await client.query<{ id: string }>(
      `SELECT id FROM booking_tenants WHERE subdomain = 'demo'`,
    );
    const tenantId = tenant.rows[0]?.id;
    if (!tenantId) return undefined;
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO booking_payment_settings
         (tenant_id, provider, secret_key_encrypted, publishable_key, webhook_secret_encrypted)
       VALUES ($1, 'stripe', $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET secret_key_encrypted = EXCLUDED.secret_key_encrypted,
         publishable_key = EXCLUDED.publishable_key, stripe_account_id = NULL,
         webhook_secret_encrypted = EXCLUDED.webhook_secret_encrypted, updated_at = now()`,
      [
        tenantId,
        await encryptField(ENCRYPTION_KEY, ENCRYPTED.stripeSecretKey, keys.secretKey),
        keys.publishableKey,
        await encryptField(ENCRYPTION_KEY, ENCRYPTED.stripeWebhookSecret, keys.webhookSecret),
      ],
    );
    await client.query(
      `UPDATE booking_services SET deposit_required = true, deposit_percentage = 20,
         deposit_amount_cents = NULL, updated_at = now()
       WHERE tenant_id = $1 AND slug = 'color'`,
      [tenantId],
    );
    await client.query('COMMIT');
    return tenantId;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
