import { pgTable, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant } from './columns.ts';

/** Stripe events already handled, so a redelivered event is acknowledged and ignored. */
export const bookingStripeEvents = pgTable(
  'booking_stripe_events',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    event_id: varchar('event_id', { length: 255 }).notNull(),
    type: varchar('type', { length: 100 }).notNull(),
    received_at: instant('received_at').notNull().defaultNow(),
    processed_at: instant('processed_at'),
  },
  (t) => [
    // Per tenant, not global: one Stripe account linked to two tenants sends the same
    // event id to both endpoints, and each tenant must handle it.
    unique('booking_stripe_events_tenant_event_key').on(t.tenant_id, t.event_id),
  ],
);

export type BookingStripeEvent = typeof bookingStripeEvents.$inferSelect;
