import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, nameSlug, timestamps } from './columns.ts';

export const bookingLocations = pgTable(
  'booking_locations',
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
      .generatedAlwaysAs((): SQL => nameSlug(bookingLocations.name)),
    address_line1: varchar('address_line1', { length: 255 }),
    address_line2: varchar('address_line2', { length: 255 }),
    city: varchar('city', { length: 100 }),
    state: varchar('state', { length: 100 }),
    postal_code: varchar('postal_code', { length: 20 }),
    country: varchar('country', { length: 100 }).notNull().default('US'),
    // No default: the API fills in the tenant's zone, which a column default cannot read.
    timezone: varchar('timezone', { length: 100 }).notNull(),
    phone: varchar('phone', { length: 50 }),
    email: varchar('email', { length: 255 }),
    latitude: numeric('latitude', { precision: 10, scale: 8, mode: 'number' }),
    longitude: numeric('longitude', { precision: 11, scale: 8, mode: 'number' }),
    is_primary: boolean('is_primary').notNull().default(false),
    display_order: integer('display_order').notNull().default(0),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    index('booking_locations_tenant_idx').on(t.tenant_id, t.display_order),
    // Target of composite foreign keys that keep children inside the location's tenant.
    unique('booking_locations_tenant_id_id_key').on(t.tenant_id, t.id),
    uniqueIndex('booking_locations_one_primary_idx').on(t.tenant_id).where(sql`${t.is_primary}`),
    check('booking_locations_status_check', sql`${t.status} IN ('active', 'inactive', 'archived')`),
    check('booking_locations_latitude_check', sql`${t.latitude} BETWEEN -90 AND 90`),
    check('booking_locations_longitude_check', sql`${t.longitude} BETWEEN -180 AND 180`),
  ],
);

export type BookingLocation = typeof bookingLocations.$inferSelect;
