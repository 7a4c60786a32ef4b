import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingCalendarConnections } from './booking-calendar-connections.ts';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant, timestamps } from './columns.ts';

/**
 * Busy time imported from a staff member's external calendar. It blocks slots in the
 * availability engine but is not an occupancy: the outside calendar is not ours to
 * guard, and a sync must never fail because a booking got there first.
 */
export const bookingExternalBusy = pgTable(
  'booking_external_busy',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    staff_id: uuid('staff_id').notNull(),
    /** Null for busy time entered by other means (e.g. an admin import). */
    connection_id: uuid('connection_id'),
    starts_at: instant('starts_at').notNull(),
    ends_at: instant('ends_at').notNull(),
    /** The event's UID in the source calendar; with `starts_at` it names one occurrence. */
    source_uid: varchar('source_uid', { length: 1024 }).notNull(),
    ...timestamps(),
  },
  (t) => [
    foreignKey({
      name: 'booking_external_busy_staff_fk',
      columns: [t.tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'booking_external_busy_connection_fk',
      columns: [t.tenant_id, t.connection_id],
      foreignColumns: [bookingCalendarConnections.tenant_id, bookingCalendarConnections.id],
    }).onDelete('cascade'),
    // Re-syncing upserts on this key; NULLS NOT DISTINCT so rows without a connection dedupe too.
    unique('booking_external_busy_occurrence_key')
      .on(t.tenant_id, t.staff_id, t.connection_id, t.source_uid, t.starts_at)
      .nullsNotDistinct(),
    index('booking_external_busy_tenant_staff_time_idx').on(t.tenant_id, t.staff_id, t.starts_at),
    check('booking_external_busy_range_check', sql`${t.ends_at} > ${t.starts_at}`),
  ],
);

export type BookingExternalBusy = typeof bookingExternalBusy.$inferSelect;
