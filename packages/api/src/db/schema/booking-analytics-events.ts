import { index, inet, jsonb, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant } from './columns.ts';

/** Funnel events from the widget and the API (`page_view`, `booking_started`, …). */
export const bookingAnalyticsEvents = pgTable(
  'booking_analytics_events',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    event_type: varchar('event_type', { length: 100 }).notNull(),
    event_data: jsonb('event_data').$type<Record<string, unknown>>(),
    session_id: varchar('session_id', { length: 255 }),
    user_agent: text('user_agent'),
    ip_address: inet('ip_address'),
    referrer: text('referrer'),
    utm_source: varchar('utm_source', { length: 255 }),
    utm_medium: varchar('utm_medium', { length: 255 }),
    utm_campaign: varchar('utm_campaign', { length: 255 }),
    created_at: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('booking_analytics_events_tenant_created_idx').on(t.tenant_id, t.created_at),
    index('booking_analytics_events_tenant_type_created_idx').on(
      t.tenant_id,
      t.event_type,
      t.created_at,
    ),
  ],
);

export type BookingAnalyticsEvent = typeof bookingAnalyticsEvents.$inferSelect;
