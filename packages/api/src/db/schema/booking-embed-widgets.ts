import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingLocations } from './booking-locations.ts';
import { bookingServices } from './booking-services.ts';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, timestamps } from './columns.ts';

/** A configured embed of the booking widget on an outside site. */
export const bookingEmbedWidgets = pgTable(
  'booking_embed_widgets',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 255 }).notNull(),
    widget_type: varchar('widget_type', { length: 20 }).notNull().default('inline'),
    theme: jsonb('theme').$type<Record<string, unknown>>().notNull().default({}),
    custom_css: text('custom_css'),
    preselected_service_id: uuid('preselected_service_id').references(() => bookingServices.id, {
      onDelete: 'set null',
    }),
    preselected_staff_id: uuid('preselected_staff_id').references(() => bookingStaff.id, {
      onDelete: 'set null',
    }),
    preselected_location_id: uuid('preselected_location_id').references(() => bookingLocations.id, {
      onDelete: 'set null',
    }),
    /** Origins (`https://example.com`) allowed to embed this widget and book through it. */
    allowed_domains: text('allowed_domains').array().notNull().default(sql`'{}'::text[]`),
    embed_code: text('embed_code'),
    views_count: integer('views_count').notNull().default(0),
    bookings_count: integer('bookings_count').notNull().default(0),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    index('booking_embed_widgets_tenant_idx').on(t.tenant_id),
    check(
      'booking_embed_widgets_widget_type_check',
      sql`${t.widget_type} IN ('inline', 'modal', 'popup', 'button')`,
    ),
    check('booking_embed_widgets_status_check', sql`${t.status} IN ('active', 'inactive')`),
  ],
);

export type BookingEmbedWidget = typeof bookingEmbedWidgets.$inferSelect;
