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
import { id, instant, timestamps } from './columns.ts';

/**
 * Outbox of customer and staff messages (DESIGN §6): written in the transaction that
 * causes them, sent by that request or by the cron trigger, retried with backoff.
 */
export const bookingNotifications = pgTable(
  'booking_notifications',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    appointment_id: uuid('appointment_id'),
    /**
     * Names the message so it is queued once, e.g. `reminder:1440:<appointment>:<sequence>`.
     * Chosen by the app rather than derived from (appointment, type, channel, time), so a
     * reschedule back to an earlier time does not collide with the cancelled reminder.
     */
    idempotency_key: varchar('idempotency_key', { length: 255 }).notNull(),
    type: varchar('type', { length: 30 }).notNull(),
    channel: varchar('channel', { length: 10 }).notNull(),
    recipient_email: varchar('recipient_email', { length: 255 }),
    /** AES-GCM ciphertext, like the customer's phone. */
    recipient_phone_encrypted: text('recipient_phone_encrypted'),
    locale: varchar('locale', { length: 10 }).notNull().default('en'),
    /** What the template needs, captured when queued (times, names, links). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    subject: varchar('subject', { length: 500 }),
    message: text('message'),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    scheduled_for: instant('scheduled_for').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    next_attempt_at: instant('next_attempt_at').notNull().defaultNow(),
    /** Lease of the sender that set `sending`; a crashed sender's rows are retaken after it. */
    locked_until: instant('locked_until'),
    sent_at: instant('sent_at'),
    provider: varchar('provider', { length: 30 }),
    provider_message_id: varchar('provider_message_id', { length: 255 }),
    last_error: text('last_error'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({
      name: 'booking_notifications_appointment_fk',
      columns: [t.tenant_id, t.appointment_id],
      foreignColumns: [appointments.tenant_id, appointments.id],
    }).onDelete('cascade'),
    unique('booking_notifications_tenant_idempotency_key').on(t.tenant_id, t.idempotency_key),
    index('booking_notifications_tenant_appointment_idx').on(t.tenant_id, t.appointment_id),
    // The cron sender scans due work across tenants.
    index('booking_notifications_due_idx')
      .on(t.next_attempt_at)
      .where(sql`${t.status} IN ('pending', 'sending')`),
    check(
      'booking_notifications_type_check',
      sql`${t.type} IN ('confirmation', 'reminder', 'rescheduled', 'cancellation', 'follow_up', 'approval_request', 'payment_receipt', 'webhook_disabled', 'account', 'calendar_revoked')`,
    ),
    check('booking_notifications_channel_check', sql`${t.channel} IN ('email', 'sms')`),
    check(
      'booking_notifications_status_check',
      sql`${t.status} IN ('pending', 'sending', 'sent', 'failed', 'cancelled')`,
    ),
    check('booking_notifications_attempts_check', sql`${t.attempts} >= 0`),
  ],
);

export type BookingNotification = typeof bookingNotifications.$inferSelect;
