import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  foreignKey,
  index,
  inet,
  integer,
  pgTable,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookingLocations } from './booking-locations.ts';
import { bookingServices } from './booking-services.ts';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant, timestamps } from './columns.ts';

/** Occupancy states that block the staff member's time. */
export const ACTIVE_OCCUPANCY_STATUSES = ['held', 'pending', 'confirmed'] as const;

/**
 * What blocks a staff member's time: an individual appointment, a hold, or a group
 * session shared by all its attendees (DESIGN §2). The exclusion constraint
 * `booking_occupancies_no_overlap` (custom migration, drizzle cannot express it) forbids
 * two active rows of one staff member whose `[blocked_from, blocked_until)` ranges
 * overlap, so the database itself makes a double booking impossible.
 *
 * A hold on a seat of a group session is a row with `session_occupancy_id` set: it
 * takes one of the session's seats (`seats_taken`) rather than time of its own, so the
 * exclusion constraint skips it.
 */
export const bookingOccupancies = pgTable(
  'booking_occupancies',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    staff_id: uuid('staff_id').notNull(),
    service_id: uuid('service_id').references(() => bookingServices.id, { onDelete: 'set null' }),
    location_id: uuid('location_id').references(() => bookingLocations.id, {
      onDelete: 'set null',
    }),
    kind: varchar('kind', { length: 20 }).notNull(),
    status: varchar('status', { length: 20 }).notNull(),
    /** The service time the customer sees. */
    start_time: instant('start_time').notNull(),
    end_time: instant('end_time').notNull(),
    /** start − (staff + service buffer before): the range the constraint compares starts here. */
    blocked_from: instant('blocked_from').notNull(),
    /** end + (staff + service buffer after), exclusive. */
    blocked_until: instant('blocked_until').notNull(),
    /** When a hold, or a pending booking awaiting payment, lets go of the slot. */
    expires_at: instant('expires_at'),
    seats_taken: integer('seats_taken').notNull().default(1),
    capacity: integer('capacity').notNull().default(1),
    session_occupancy_id: uuid('session_occupancy_id').references(
      (): AnyPgColumn => bookingOccupancies.id,
      { onDelete: 'cascade' },
    ),
    /** Who placed a hold, for the per-customer cap on active holds (DESIGN §8). */
    holder_email: varchar('holder_email', { length: 255 }),
    holder_ip: inet('holder_ip'),
    ...timestamps(),
  },
  (t) => [
    // Composite key: an occupancy can only block staff of its own tenant.
    foreignKey({
      name: 'booking_occupancies_staff_fk',
      columns: [t.tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }).onDelete('cascade'),
    index('booking_occupancies_tenant_staff_time_idx').on(t.tenant_id, t.staff_id, t.blocked_from),
    // The hold-expiry sweep runs across tenants and only looks at rows that can expire.
    index('booking_occupancies_expiry_idx')
      .on(t.expires_at)
      .where(sql`${t.status} IN ('held', 'pending')`),
    index('booking_occupancies_holder_idx')
      .on(t.tenant_id, t.holder_email)
      .where(sql`${t.status} = 'held'`),
    index('booking_occupancies_session_idx').on(t.session_occupancy_id),
    check('booking_occupancies_kind_check', sql`${t.kind} IN ('appointment', 'hold', 'session')`),
    check(
      'booking_occupancies_status_check',
      sql`${t.status} IN ('held', 'pending', 'confirmed', 'released')`,
    ),
    check(
      'booking_occupancies_range_check',
      sql`${t.blocked_from} <= ${t.start_time} AND ${t.start_time} < ${t.end_time} AND ${t.end_time} <= ${t.blocked_until}`,
    ),
    check(
      'booking_occupancies_seats_check',
      sql`${t.seats_taken} >= 0 AND ${t.seats_taken} <= ${t.capacity}`,
    ),
    check('booking_occupancies_capacity_check', sql`${t.capacity} >= 1`),
    // Only a hold can be `held`, and a held slot must be able to expire on its own.
    check('booking_occupancies_held_check', sql`${t.status} <> 'held' OR ${t.kind} = 'hold'`),
    check(
      'booking_occupancies_hold_expiry_check',
      sql`${t.status} <> 'held' OR ${t.expires_at} IS NOT NULL`,
    ),
    check(
      'booking_occupancies_seat_hold_check',
      sql`${t.session_occupancy_id} IS NULL OR ${t.kind} = 'hold'`,
    ),
  ],
);

export type BookingOccupancy = typeof bookingOccupancies.$inferSelect;
