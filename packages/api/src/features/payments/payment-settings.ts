import {
  type PaymentSettings,
  type PaymentSettingsUpdate,
  paymentSettingsSchema,
  stripeKeyMode,
} from '@booksprintz/shared';
import { and, eq, ne } from 'drizzle-orm';
import { decryptNullable, ENCRYPTED, encryptNullable } from '../../db/field-encryption.ts';
import { lockTenant } from '../../db/row-lock.ts';
import {
  type BookingPaymentSettings,
  bookingPaymentSettings,
  bookingServices,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import {
  depositsPossible,
  loadPaymentSettings,
} from '../../integrations/stripe/stripe-connection.ts';

/** The events the business's Stripe webhook endpoint must send. */
export const STRIPE_WEBHOOK_EVENTS = ['payment_intent.succeeded', 'payment_intent.payment_failed'];

export interface PaymentSettingsContext {
  env: Env;
  tdb: TenantDb;
  /** The API's public origin, for the webhook URL to give Stripe. */
  origin: string;
}

type StoredFields = Pick<
  BookingPaymentSettings,
  | 'provider'
  | 'secret_key_encrypted'
  | 'publishable_key'
  | 'webhook_secret_encrypted'
  | 'stripe_account_id'
>;

export async function getPaymentSettings(ctx: PaymentSettingsContext): Promise<PaymentSettings> {
  return settingsView(ctx, ctx.tdb, await loadPaymentSettings(ctx.tdb));
}

/**
 * Applies a partial update under the tenant's row lock. Secrets are encrypted before
 * they are stored and never come back. Refused: own keys and a Connect account at once
 * (400), test and live keys mixed (400), and leaving the settings unable to take
 * deposits while a service still requires one (409 — switch those off first, or their
 * bookings could never be paid).
 */
export async function updatePaymentSettings(
  ctx: PaymentSettingsContext,
  patch: PaymentSettingsUpdate,
): Promise<PaymentSettings> {
  const { env } = ctx;
  return ctx.tdb.transaction(async (tx) => {
    await lockTenant(tx);
    const existing = await loadPaymentSettings(tx);
    const next: StoredFields = {
      provider: patch.provider ?? existing?.provider ?? 'stripe',
      secret_key_encrypted:
        patch.secret_key === undefined
          ? (existing?.secret_key_encrypted ?? null)
          : await encryptNullable(env.ENCRYPTION_KEY, ENCRYPTED.stripeSecretKey, patch.secret_key),
      publishable_key:
        patch.publishable_key === undefined
          ? (existing?.publishable_key ?? null)
          : patch.publishable_key,
      webhook_secret_encrypted:
        patch.webhook_secret === undefined
          ? (existing?.webhook_secret_encrypted ?? null)
          : await encryptNullable(
              env.ENCRYPTION_KEY,
              ENCRYPTED.stripeWebhookSecret,
              patch.webhook_secret,
            ),
      stripe_account_id:
        patch.stripe_account_id === undefined
          ? (existing?.stripe_account_id ?? null)
          : patch.stripe_account_id,
    };
    if (next.stripe_account_id && (next.secret_key_encrypted || next.publishable_key)) {
      throw new ApiError(
        'validation_failed',
        'Give your own Stripe keys or a Connect account id, not both.',
        { errors: [{ path: 'stripe_account_id', message: 'remove the keys or the account id' }] },
      );
    }
    const secret =
      patch.secret_key ??
      (await decryptNullable(
        env.ENCRYPTION_KEY,
        ENCRYPTED.stripeSecretKey,
        next.secret_key_encrypted,
      ));
    if (
      secret &&
      next.publishable_key &&
      stripeKeyMode(secret) !== stripeKeyMode(next.publishable_key)
    ) {
      throw new ApiError(
        'validation_failed',
        'The secret and publishable keys must both be test or both live.',
        {
          errors: [{ path: 'publishable_key', message: 'test and live keys mixed' }],
        },
      );
    }
    if (!depositsPossible(next as BookingPaymentSettings)) await assertNoDepositServices(tx);

    const now = new Date();
    const row = await tx.upsert(bookingPaymentSettings, next, [bookingPaymentSettings.tenant_id], {
      ...next,
      updated_at: now,
    });
    if (patch.cancellation_window_hours !== undefined) {
      await tx.updateTenant({
        cancellation_window_hours: patch.cancellation_window_hours,
        updated_at: now,
      });
    }
    return settingsView(ctx, tx, row);
  });
}

async function assertNoDepositServices(tx: TenantDb): Promise<void> {
  const services = await tx.list(bookingServices, {
    where: and(eq(bookingServices.deposit_required, true), ne(bookingServices.status, 'archived')),
  });
  if (services.length === 0) return;
  throw new ApiError(
    'conflict',
    `${services.length === 1 ? 'A service requires' : `${services.length} services require`} a deposit (${services
      .map((service) => service.slug)
      .join(', ')}): switch the deposit off first, or keep Stripe connected.`,
    { errors: services.map((service) => ({ path: 'services', message: service.slug })) },
  );
}

async function settingsView(
  ctx: PaymentSettingsContext,
  tdb: TenantDb,
  row: BookingPaymentSettings | undefined,
): Promise<PaymentSettings> {
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const secret = await decryptNullable(
    ctx.env.ENCRYPTION_KEY,
    ENCRYPTED.stripeSecretKey,
    row?.secret_key_encrypted,
  );
  const key = secret ?? row?.publishable_key ?? null;
  const base = ctx.env.PUBLIC_BASE_URL || ctx.origin;
  return toResponse(paymentSettingsSchema, {
    provider: row?.provider ?? 'stripe',
    mode: row?.stripe_account_id ? 'connect' : secret ? 'own_keys' : null,
    secret_key_set: secret !== null,
    secret_key_last4: secret ? secret.slice(-4) : null,
    publishable_key: row?.publishable_key ?? null,
    webhook_secret_set: Boolean(row?.webhook_secret_encrypted),
    stripe_account_id: row?.stripe_account_id ?? null,
    livemode: key ? stripeKeyMode(key) === 'live' : null,
    cancellation_window_hours: tenant.cancellation_window_hours,
    deposits_possible: depositsPossible(row),
    webhook_url: `${base.replace(/\/+$/, '')}/api/booking/v1/webhooks/stripe/${tdb.tenantId}`,
    webhook_events: STRIPE_WEBHOOK_EVENTS,
    updated_at: row?.updated_at ?? null,
  });
}
