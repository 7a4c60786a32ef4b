import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { id, instant, timestamps } from './columns.ts';

export const bookingTenants = pgTable(
  'booking_tenants',
  {
    id: id(),
    name: varchar('name', { length: 255 }).notNull(),
    subdomain: varchar('subdomain', { length: 63 }).notNull().unique(),
    custom_domain: varchar('custom_domain', { length: 255 }).unique(),
    // SiteSprintz ids are opaque here: the SiteSprintz database is not ours to reference.
    sitesprintz_user_id: varchar('sitesprintz_user_id', { length: 64 }),
    sitesprintz_site_id: varchar('sitesprintz_site_id', { length: 64 }),
    mode: varchar('mode', { length: 20 }).notNull().default('integrated'),
    business_name: varchar('business_name', { length: 255 }).notNull(),
    business_type: varchar('business_type', { length: 100 }),
    phone: varchar('phone', { length: 50 }),
    email: varchar('email', { length: 255 }),
    timezone: varchar('timezone', { length: 100 }).notNull().default('America/New_York'),
    currency: varchar('currency', { length: 3 }).notNull().default('USD'),
    locale: varchar('locale', { length: 10 }).notNull().default('en'),
    logo_url: text('logo_url'),
    primary_color: varchar('primary_color', { length: 7 }).notNull().default('#4F46E5'),
    booking_page_settings: jsonb('booking_page_settings')
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    /** Origins allowed to embed and book, on top of the widgets' own lists. */
    allowed_domains: text('allowed_domains').array().notNull().default(sql`'{}'::text[]`),
    plan_tier: varchar('plan_tier', { length: 20 }).notNull().default('free'),
    max_locations: integer('max_locations').notNull().default(1),
    max_staff: integer('max_staff').notNull().default(1),
    max_services: integer('max_services').notNull().default(3),
    /** How long a slot hold (and an unpaid deposit booking) lasts. */
    hold_minutes: integer('hold_minutes').notNull().default(10),
    /** Reminder offsets before the appointment start, in minutes. */
    reminder_offsets_minutes: integer('reminder_offsets_minutes')
      .array()
      .notNull()
      .default(sql`'{1440,120}'::integer[]`),
    /** Free cancellation up to this many hours before the start; later, a deposit is kept. */
    cancellation_window_hours: integer('cancellation_window_hours').notNull().default(24),
    /** The business as a customer of the platform's own Stripe account (plan billing). */
    stripe_customer_id: varchar('stripe_customer_id', { length: 255 }).unique(),
    /** Its plan subscription there; events about any other subscription are stale. */
    stripe_subscription_id: varchar('stripe_subscription_id', { length: 255 }).unique(),
    subscription_status: varchar('subscription_status', { length: 20 }).notNull().default('active'),
    trial_ends_at: instant('trial_ends_at'),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    index('booking_tenants_sitesprintz_user_idx').on(t.sitesprintz_user_id),
    index('booking_tenants_mode_idx').on(t.mode),
    check('booking_tenants_mode_check', sql`${t.mode} IN ('integrated', 'standalone', 'hybrid')`),
    check(
      'booking_tenants_plan_tier_check',
      sql`${t.plan_tier} IN ('free', 'starter', 'professional', 'enterprise')`,
    ),
    check(
      'booking_tenants_subdomain_check',
      sql`${t.subdomain} ~ '^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$'`,
    ),
    check('booking_tenants_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('booking_tenants_hold_minutes_check', sql`${t.hold_minutes} BETWEEN 1 AND 120`),
  ],
);

export type BookingTenant = typeof bookingTenants.$inferSelect;
