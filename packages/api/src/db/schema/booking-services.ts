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
import { bookingTenants } from './booking-tenants.ts';
import { id, timestamps } from './columns.ts';

export const bookingServices = pgTable(
  'booking_services',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    /** Public handle (`/services/haircut`); unique per tenant, not globally. */
    slug: varchar('slug', { length: 100 }).notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    description: text('description'),
    category: varchar('category', { length: 100 }),
    image_url: text('image_url'),
    duration_minutes: integer('duration_minutes').notNull(),
    price_cents: integer('price_cents').notNull(),
    // No default: the API copies the tenant's currency, which a column default cannot read.
    currency: varchar('currency', { length: 3 }).notNull(),
    deposit_required: boolean('deposit_required').notNull().default(false),
    deposit_amount_cents: integer('deposit_amount_cents'),
    deposit_percentage: integer('deposit_percentage'),
    booking_type: varchar('booking_type', { length: 20 }).notNull().default('individual'),
    max_capacity: integer('max_capacity').notNull().default(1),
    requires_approval: boolean('requires_approval').notNull().default(false),
    online_booking_enabled: boolean('online_booking_enabled').notNull().default(true),
    /** Staff who perform it; empty means any active staff member. */
    available_with_staff: uuid('available_with_staff').array().notNull().default(sql`'{}'::uuid[]`),
    /** Locations that offer it; empty means every location. */
    available_at_locations: uuid('available_at_locations')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    buffer_time_before: integer('buffer_time_before').notNull().default(0),
    buffer_time_after: integer('buffer_time_after').notNull().default(0),
    /** Step between candidate starts; null means duration + buffer after (DESIGN §3.2). */
    slot_interval_minutes: integer('slot_interval_minutes'),
    /** Minimum notice; null means the staff member's `min_advance_booking_hours`. */
    min_notice_minutes: integer('min_notice_minutes'),
    display_order: integer('display_order').notNull().default(0),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    unique('booking_services_tenant_slug_key').on(t.tenant_id, t.slug),
    unique('booking_services_tenant_id_id_key').on(t.tenant_id, t.id),
    index('booking_services_tenant_order_idx').on(t.tenant_id, t.display_order),
    index('booking_services_tenant_category_idx').on(t.tenant_id, t.category),
    check('booking_services_slug_check', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('booking_services_duration_check', sql`${t.duration_minutes} > 0`),
    check('booking_services_price_check', sql`${t.price_cents} >= 0`),
    check('booking_services_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('booking_services_capacity_check', sql`${t.max_capacity} >= 1`),
    check(
      'booking_services_booking_type_check',
      sql`${t.booking_type} IN ('individual', 'group', 'class')`,
    ),
    check(
      'booking_services_deposit_percentage_check',
      sql`${t.deposit_percentage} BETWEEN 0 AND 100`,
    ),
    check('booking_services_deposit_amount_check', sql`${t.deposit_amount_cents} >= 0`),
    check(
      'booking_services_buffers_check',
      sql`${t.buffer_time_before} >= 0 AND ${t.buffer_time_after} >= 0`,
    ),
    check('booking_services_slot_interval_check', sql`${t.slot_interval_minutes} > 0`),
    check('booking_services_min_notice_check', sql`${t.min_notice_minutes} >= 0`),
    check('booking_services_status_check', sql`${t.status} IN ('active', 'inactive', 'archived')`),
  ],
);

export type BookingService = typeof bookingServices.$inferSelect;
