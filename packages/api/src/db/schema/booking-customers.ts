import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookingLocations } from './booking-locations.ts';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant, timestamps } from './columns.ts';

/** A tenant's client, one row per email (the app stores emails lower-cased). */
export const bookingCustomers = pgTable(
  'booking_customers',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    email: varchar('email', { length: 255 }).notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    /** AES-GCM ciphertext (the app encrypts with a Worker secret); never plaintext. */
    phone_encrypted: text('phone_encrypted'),
    preferred_staff_id: uuid('preferred_staff_id').references(() => bookingStaff.id, {
      onDelete: 'set null',
    }),
    preferred_location_id: uuid('preferred_location_id').references(() => bookingLocations.id, {
      onDelete: 'set null',
    }),
    timezone: varchar('timezone', { length: 100 }),
    locale: varchar('locale', { length: 10 }),
    email_notifications: boolean('email_notifications').notNull().default(true),
    /** Explicit consent to SMS (TCPA / GDPR); reminders go by SMS only when true. */
    sms_opt_in: boolean('sms_opt_in').notNull().default(false),
    marketing_opt_in: boolean('marketing_opt_in').notNull().default(false),
    notes: text('notes'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    total_appointments: integer('total_appointments').notNull().default(0),
    total_spent_cents: integer('total_spent_cents').notNull().default(0),
    no_show_count: integer('no_show_count').notNull().default(0),
    cancellation_count: integer('cancellation_count').notNull().default(0),
    last_appointment_at: instant('last_appointment_at'),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    unique('booking_customers_tenant_email_key').on(t.tenant_id, t.email),
    index('booking_customers_tenant_name_idx').on(t.tenant_id, t.name),
    check(
      'booking_customers_counters_check',
      sql`${t.total_appointments} >= 0 AND ${t.total_spent_cents} >= 0 AND ${t.no_show_count} >= 0 AND ${t.cancellation_count} >= 0`,
    ),
    check('booking_customers_status_check', sql`${t.status} IN ('active', 'blocked')`),
  ],
);

export type BookingCustomer = typeof bookingCustomers.$inferSelect;
