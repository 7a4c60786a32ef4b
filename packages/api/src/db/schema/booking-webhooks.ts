import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant, timestamps } from './columns.ts';

/** An outgoing Standard Webhooks endpoint (DESIGN §7). */
export const bookingWebhooks = pgTable(
  'booking_webhooks',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /**
     * The `whsec_…` signing secret as AES-GCM ciphertext: shown to the user once, but we
     * must sign every delivery with it, so it is encrypted rather than hashed.
     */
    secret_encrypted: text('secret_encrypted').notNull(),
    /** e.g. `appointment.created`; empty means none. */
    events: text('events').array().notNull().default(sql`'{}'::text[]`),
    custom_headers: jsonb('custom_headers').$type<Record<string, string>>().notNull().default({}),
    description: text('description'),
    enabled: boolean('enabled').notNull().default(true),
    last_triggered_at: instant('last_triggered_at'),
    /** Consecutive failed deliveries; reset on success. */
    failure_count: integer('failure_count').notNull().default(0),
    disabled_at: instant('disabled_at'),
    /** Why we turned it off (`gone` after a 410, `failing` after persistent failure). */
    disabled_reason: text('disabled_reason'),
    ...timestamps(),
  },
  (t) => [
    index('booking_webhooks_tenant_idx').on(t.tenant_id),
    unique('booking_webhooks_tenant_id_id_key').on(t.tenant_id, t.id),
    check('booking_webhooks_failure_count_check', sql`${t.failure_count} >= 0`),
  ],
);

export type BookingWebhook = typeof bookingWebhooks.$inferSelect;
