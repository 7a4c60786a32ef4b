import { bigint, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';

/**
 * Change counters for what availability is computed from, kept by triggers (migration
 * 0005) so that no write path can forget them: a row per staff member counts changes to
 * that person's occupancies and external busy time, and the row whose `scope_id` is the
 * tenant id counts changes to the tenant, its staff, services, locations and rules.
 *
 * The sum over a tenant's rows goes up with every committed change, whatever order
 * transactions commit in, which is what lets an isolate keep a computed month of slots
 * and know when it is out of date (services/availability/cache.ts). Per-staff rows keep
 * bookings of different staff from queueing on one counter; bookings of one staff member
 * are serialized by its advisory lock already.
 */
export const bookingAvailabilityVersions = pgTable(
  'booking_availability_versions',
  {
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    /** A staff member's id, or the tenant's own id for tenant-wide changes. No foreign key: it is either. */
    scope_id: uuid('scope_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.scope_id] })],
);
