import { type SQL, sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, nameSlug, timestamps } from './columns.ts';

export const bookingStaff = pgTable(
  'booking_staff',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 255 }).notNull(),
    /**
     * The name as a URL handle (`alex-rivera`, `José` → `jose`), for the widget's `staff` /
     * `location` attributes. Generated, so every row has one from the moment it exists and
     * it never disagrees with the name; not unique (two people may share a name; a
     * lookup by slug takes the first by display order, and the id always works).
     */
    slug: varchar('slug', { length: 255 })
      .notNull()
      .generatedAlwaysAs((): SQL => nameSlug(bookingStaff.name)),
    email: varchar('email', { length: 255 }),
    phone: varchar('phone', { length: 50 }),
    avatar_url: text('avatar_url'),
    role: varchar('role', { length: 20 }).notNull().default('staff'),
    title: varchar('title', { length: 255 }),
    bio: text('bio'),
    /** IANA zone; null means the location's zone, then the tenant's. */
    timezone: varchar('timezone', { length: 100 }),
    /**
     * Locations this person works at; empty means all of the tenant's locations.
     * An array rather than a join table because it is read whole by the availability
     * loader and edited whole by the admin API.
     */
    location_ids: uuid('location_ids').array().notNull().default(sql`'{}'::uuid[]`),
    buffer_time_before: integer('buffer_time_before').notNull().default(0),
    buffer_time_after: integer('buffer_time_after').notNull().default(0),
    max_advance_booking_days: integer('max_advance_booking_days').notNull().default(90),
    min_advance_booking_hours: integer('min_advance_booking_hours').notNull().default(2),
    /** Tie-breaker when "any staff" picks between equally busy people. */
    display_order: integer('display_order').notNull().default(0),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    index('booking_staff_tenant_idx').on(t.tenant_id, t.display_order),
    // Target of composite foreign keys that keep children inside the staff member's tenant.
    unique('booking_staff_tenant_id_id_key').on(t.tenant_id, t.id),
    check('booking_staff_role_check', sql`${t.role} IN ('owner', 'admin', 'staff')`),
    check('booking_staff_status_check', sql`${t.status} IN ('active', 'inactive', 'archived')`),
    check(
      'booking_staff_buffers_check',
      sql`${t.buffer_time_before} >= 0 AND ${t.buffer_time_after} >= 0`,
    ),
    check(
      'booking_staff_advance_check',
      sql`${t.max_advance_booking_days} >= 0 AND ${t.min_advance_booking_hours} >= 0`,
    ),
  ],
);

export type BookingStaff = typeof bookingStaff.$inferSelect;
