import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookingCustomers } from './booking-customers.ts';
import { bookingLocations } from './booking-locations.ts';
import { bookingOccupancies } from './booking-occupancies.ts';
import { bookingServices } from './booking-services.ts';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant, timestamps } from './columns.ts';

/**
 * A customer's booking. The time it blocks lives in `booking_occupancies` (one per
 * individual appointment; one shared by all attendees of a class session).
 */
export const appointments = pgTable(
  'appointments',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    service_id: uuid('service_id').notNull(),
    staff_id: uuid('staff_id').notNull(),
    location_id: uuid('location_id'),
    occupancy_id: uuid('occupancy_id').references(() => bookingOccupancies.id, {
      onDelete: 'set null',
    }),
    // Nullable and set null: erasing a customer (GDPR) must not delete the business's records.
    customer_id: uuid('customer_id').references(() => bookingCustomers.id, {
      onDelete: 'set null',
    }),
    start_time: instant('start_time').notNull(),
    end_time: instant('end_time').notNull(),
    duration_minutes: integer('duration_minutes').notNull(),
    /** The customer's zone, for showing them their own time in messages. */
    timezone: varchar('timezone', { length: 100 }),
    locale: varchar('locale', { length: 10 }).notNull().default('en'),
    customer_name: varchar('customer_name', { length: 255 }).notNull(),
    /** Null for a desk booking made without one (a walk-in): no customer messages then. */
    customer_email: varchar('customer_email', { length: 255 }),
    /**
     * Where a public booking came from, for the per-address cap on upcoming bookings
     * (DESIGN §8); null for desk bookings and once the customer is erased.
     */
    client_address: inet('client_address'),
    /** AES-GCM ciphertext, like `booking_customers.phone_encrypted`. */
    customer_phone_encrypted: text('customer_phone_encrypted'),
    customer_notes: text('customer_notes'),
    /** Answers to the business's intake questions. */
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    confirmation_code: varchar('confirmation_code', { length: 8 }).notNull(),
    booking_source: varchar('booking_source', { length: 20 }).notNull().default('online'),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    requires_approval: boolean('requires_approval').notNull().default(false),
    /**
     * Booked or moved by the business outside open hours, the notice window or the
     * advance limit on purpose (`override_rules`); never over another booking.
     */
    rules_overridden: boolean('rules_overridden').notNull().default(false),
    approved_at: instant('approved_at'),
    approved_by: uuid('approved_by').references(() => bookingStaff.id, { onDelete: 'set null' }),
    cancelled_at: instant('cancelled_at'),
    cancellation_reason: text('cancellation_reason'),
    cancelled_by: varchar('cancelled_by', { length: 20 }),
    total_price_cents: integer('total_price_cents').notNull(),
    deposit_paid_cents: integer('deposit_paid_cents').notNull().default(0),
    full_payment_cents: integer('full_payment_cents').notNull().default(0),
    currency: varchar('currency', { length: 3 }).notNull(),
    payment_status: varchar('payment_status', { length: 20 }).notNull().default('unpaid'),
    stripe_payment_intent_id: varchar('stripe_payment_intent_id', { length: 255 }),
    /** The deposit this booking asked for (0: none); what its PaymentIntent charges. */
    deposit_cents: integer('deposit_cents').notNull().default(0),
    /** Given back through Stripe (confirmed by a refund object). */
    refunded_cents: integer('refunded_cents').notNull().default(0),
    /**
     * A refund decided in the transaction that cancelled (or found cancelled) the
     * appointment, not yet confirmed by Stripe: the request retries it right after the
     * commit and the cron trigger until it goes through (idempotency key `refund:<id>`).
     */
    refund_due_cents: integer('refund_due_cents').notNull().default(0),
    stripe_refund_id: varchar('stripe_refund_id', { length: 255 }),
    /**
     * What the customer still owes at the appointment: the price less the deposit kept.
     * Generated, so the API, exports and SQL reports can never disagree about it.
     */
    balance_due_cents: integer('balance_due_cents')
      .notNull()
      .generatedAlwaysAs(
        sql`CASE WHEN status = 'cancelled' THEN 0 ELSE greatest(0, total_price_cents - (deposit_paid_cents - refunded_cents)) END`,
      ),
    /** iCalendar SEQUENCE: raised on every reschedule so calendars replace the event. */
    sequence: integer('sequence').notNull().default(0),
    /** Attribution and the like (utm_*, referrer, widget id). */
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    internal_notes: text('internal_notes'),
    ...timestamps(),
  },
  (t) => [
    unique('appointments_tenant_confirmation_code_key').on(t.tenant_id, t.confirmation_code),
    unique('appointments_tenant_id_id_key').on(t.tenant_id, t.id),
    // Composite keys: an appointment can only point at its own tenant's service, staff, location.
    foreignKey({
      name: 'appointments_service_fk',
      columns: [t.tenant_id, t.service_id],
      foreignColumns: [bookingServices.tenant_id, bookingServices.id],
    }),
    foreignKey({
      name: 'appointments_staff_fk',
      columns: [t.tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }),
    foreignKey({
      name: 'appointments_location_fk',
      columns: [t.tenant_id, t.location_id],
      foreignColumns: [bookingLocations.tenant_id, bookingLocations.id],
    }),
    index('appointments_tenant_start_idx').on(t.tenant_id, t.start_time),
    index('appointments_tenant_staff_start_idx').on(t.tenant_id, t.staff_id, t.start_time),
    index('appointments_tenant_customer_email_idx').on(t.tenant_id, t.customer_email),
    index('appointments_tenant_customer_idx').on(t.tenant_id, t.customer_id),
    index('appointments_tenant_client_address_idx')
      .on(t.tenant_id, t.client_address)
      .where(sql`${t.client_address} IS NOT NULL AND ${t.status} IN ('pending', 'confirmed')`),
    index('appointments_occupancy_idx').on(t.occupancy_id),
    // The cron trigger's sweep for refunds Stripe has not confirmed yet.
    index('appointments_refund_due_idx')
      .on(t.refund_due_cents)
      .where(sql`${t.refund_due_cents} > 0`),
    index('appointments_payment_intent_idx')
      .on(t.tenant_id, t.stripe_payment_intent_id)
      .where(sql`${t.stripe_payment_intent_id} IS NOT NULL`),
    check(
      'appointments_status_check',
      sql`${t.status} IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show')`,
    ),
    check(
      'appointments_cancelled_by_check',
      sql`${t.cancelled_by} IN ('customer', 'staff', 'system')`,
    ),
    check('appointments_confirmation_code_check', sql`${t.confirmation_code} ~ '^[A-Z0-9]{8}$'`),
    check('appointments_time_range_check', sql`${t.end_time} > ${t.start_time}`),
    check('appointments_duration_check', sql`${t.duration_minutes} > 0`),
    check(
      'appointments_amounts_check',
      sql`${t.total_price_cents} >= 0 AND ${t.deposit_paid_cents} >= 0 AND ${t.full_payment_cents} >= 0`,
    ),
    check('appointments_deposit_check', sql`${t.deposit_paid_cents} <= ${t.total_price_cents}`),
    check(
      'appointments_refund_check',
      sql`${t.deposit_cents} >= 0 AND ${t.refunded_cents} >= 0 AND ${t.refund_due_cents} >= 0 AND ${t.refunded_cents} + ${t.refund_due_cents} <= ${t.deposit_paid_cents}`,
    ),
    check('appointments_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      'appointments_payment_status_check',
      sql`${t.payment_status} IN ('unpaid', 'pending', 'deposit_paid', 'paid', 'refunded', 'partially_refunded')`,
    ),
    check(
      'appointments_booking_source_check',
      sql`${t.booking_source} IN ('online', 'widget', 'manual', 'api')`,
    ),
    check('appointments_sequence_check', sql`${t.sequence} >= 0`),
  ],
);

export type Appointment = typeof appointments.$inferSelect;
