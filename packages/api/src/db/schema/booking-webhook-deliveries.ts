import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { appointments } from './appointments.ts';
import { bookingTenants } from './booking-tenants.ts';
import { bookingWebhooks } from './booking-webhooks.ts';
import { id, instant } from './columns.ts';

/** One try at delivering a message, as recorded in `attempt_log`. */
export interface WebhookAttempt {
  attempt: number;
  at: string;
  http_status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** One message to one endpoint, with its retry state and the last response (DESIGN §7). */
export const bookingWebhookDeliveries = pgTable(
  'booking_webhook_deliveries',
  {
    id: id(),
    // Not in the seed plan: every tenant-owned row carries its tenant so queries can scope by it.
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    webhook_id: uuid('webhook_id').notNull(),
    appointment_id: uuid('appointment_id').references(() => appointments.id, {
      onDelete: 'set null',
    }),
    /** `webhook-id` header (`msg_…`): the same on every retry so receivers can de-duplicate. */
    message_id: varchar('message_id', { length: 64 }).notNull(),
    event_type: varchar('event_type', { length: 100 }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    http_status_code: integer('http_status_code'),
    /** The endpoint's answer, truncated by the sender. */
    response_body: text('response_body'),
    error_message: text('error_message'),
    attempts: integer('attempts').notNull().default(0),
    last_attempt_at: instant('last_attempt_at'),
    next_retry_at: instant('next_retry_at'),
    /** Every attempt (time, status code, error, duration), oldest first: the admin API lists it. */
    attempt_log: jsonb('attempt_log').$type<WebhookAttempt[]>().notNull().default([]),
    created_at: instant('created_at').notNull().defaultNow(),
    delivered_at: instant('delivered_at'),
  },
  (t) => [
    foreignKey({
      name: 'booking_webhook_deliveries_webhook_fk',
      columns: [t.tenant_id, t.webhook_id],
      foreignColumns: [bookingWebhooks.tenant_id, bookingWebhooks.id],
    }).onDelete('cascade'),
    unique('booking_webhook_deliveries_message_key').on(t.webhook_id, t.message_id),
    index('booking_webhook_deliveries_tenant_webhook_idx').on(
      t.tenant_id,
      t.webhook_id,
      t.created_at,
    ),
    // The cron retrier scans due work across tenants.
    index('booking_webhook_deliveries_due_idx')
      .on(t.next_retry_at)
      .where(sql`${t.status} = 'pending'`),
    // An endpoint's pending messages for one appointment, oldest first: the claim's
    // order check probes it for each due delivery, and the sender's chain rules
    // (deliveries.ts) read and move the chain through it.
    index('booking_webhook_deliveries_chain_idx')
      .on(t.webhook_id, t.appointment_id, t.created_at, t.id)
      .where(sql`${t.status} = 'pending'`),
    check(
      'booking_webhook_deliveries_status_check',
      sql`${t.status} IN ('pending', 'delivered', 'failed')`,
    ),
    check('booking_webhook_deliveries_attempts_check', sql`${t.attempts} >= 0`),
  ],
);

export type BookingWebhookDelivery = typeof bookingWebhookDeliveries.$inferSelect;
