import { z } from 'zod';
import { instant } from './common.ts';

export const paymentProvider = z.enum(['stripe']);

const stripeSecretKey = z
  .string()
  .max(255)
  .regex(
    /^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/,
    'must be a Stripe secret key (sk_test_… or sk_live_…)',
  );
const stripePublishableKey = z
  .string()
  .max(255)
  .regex(
    /^pk_(test|live)_[A-Za-z0-9_]{8,}$/,
    'must be a Stripe publishable key (pk_test_… or pk_live_…)',
  );
const stripeWebhookSecret = z
  .string()
  .max(255)
  .regex(/^whsec_[A-Za-z0-9+/=_]{8,}$/, 'must be a Stripe webhook signing secret (whsec_…)');
const stripeAccountId = z
  .string()
  .max(255)
  .regex(/^acct_[A-Za-z0-9]{6,}$/, 'must be a Stripe account id (acct_…)');

/** `test` or `live`, read from a Stripe key's prefix. */
export function stripeKeyMode(key: string): 'test' | 'live' | null {
  const match = /^[a-z]+_(test|live)_/.exec(key);
  return match ? (match[1] as 'test' | 'live') : null;
}

/**
 * `PUT …/payment-settings`: any subset. Secrets are write-only: omitted keeps what is
 * stored, null removes it. Either the business's own keys (secret, publishable,
 * webhook secret) or a Connect account id (with the webhook secret of the endpoint
 * that sends its events here), not both; checked on the merged result.
 */
export const paymentSettingsUpdateSchema = z
  .strictObject({
    provider: paymentProvider,
    secret_key: stripeSecretKey.nullable(),
    publishable_key: stripePublishableKey.nullable(),
    webhook_secret: stripeWebhookSecret.nullable(),
    stripe_account_id: stripeAccountId.nullable(),
    /** Free cancellation (full deposit refund) up to this many hours before the start. */
    cancellation_window_hours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .refine(
    (body) =>
      !body.secret_key ||
      !body.publishable_key ||
      stripeKeyMode(body.secret_key) === stripeKeyMode(body.publishable_key),
    {
      path: ['publishable_key'],
      message: 'the secret and publishable keys must both be test or both live',
    },
  );

/** What `GET …/payment-settings` shows: which secrets are set, never the secrets. */
export const paymentSettingsSchema = z.object({
  provider: paymentProvider,
  /** `own_keys`, `connect`, or null while nothing is connected. */
  mode: z.enum(['own_keys', 'connect']).nullable(),
  secret_key_set: z.boolean(),
  /** The last four characters of the secret key, to tell keys apart. */
  secret_key_last4: z.string().nullable(),
  publishable_key: z.string().nullable(),
  webhook_secret_set: z.boolean(),
  stripe_account_id: z.string().nullable(),
  /** True with live keys, false with test keys, null without keys. */
  livemode: z.boolean().nullable(),
  cancellation_window_hours: z.number().int(),
  /** Whether a service may require a deposit now (everything it needs is set). */
  deposits_possible: z.boolean(),
  /** Where to point the Stripe webhook endpoint, and the events it must send. */
  webhook_url: z.string(),
  webhook_events: z.array(z.string()),
  updated_at: instant.nullable(),
});

/** What the Stripe webhook endpoint answers once an event is handled or ignored. */
export const stripeWebhookAckSchema = z.object({
  received: z.literal(true),
  /** What came of the event: `confirmed`, `cancelled`, `refund_due`, `duplicate`, `ignored`… */
  outcome: z.string(),
});

export type PaymentSettingsUpdate = z.infer<typeof paymentSettingsUpdateSchema>;
export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;
