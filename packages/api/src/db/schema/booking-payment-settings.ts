import { sql } from 'drizzle-orm';
import { check, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, timestamps } from './columns.ts';

/**
 * A tenant's own Stripe account (DESIGN §5): Connect (`stripe_account_id`) or its own
 * keys. Secrets are AES-GCM ciphertexts and write-only through the API.
 */
export const bookingPaymentSettings = pgTable(
  'booking_payment_settings',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .unique()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    provider: varchar('provider', { length: 20 }).notNull().default('stripe'),
    stripe_account_id: varchar('stripe_account_id', { length: 255 }),
    secret_key_encrypted: text('secret_key_encrypted'),
    publishable_key: varchar('publishable_key', { length: 255 }),
    webhook_secret_encrypted: text('webhook_secret_encrypted'),
    ...timestamps(),
  },
  (t) => [check('booking_payment_settings_provider_check', sql`${t.provider} IN ('stripe')`)],
);

export type BookingPaymentSettings = typeof bookingPaymentSettings.$inferSelect;
