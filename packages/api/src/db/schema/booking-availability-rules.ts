import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookingLocations } from './booking-locations.ts';
import { bookingServices } from './booking-services.ts';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, timestamps } from './columns.ts';

/**
 * Wall-clock time of day as 'HH:MM' text, not `time`: it is exactly what the API
 * accepts and the availability engine consumes (a `time` column reads back as
 * 'HH:MM:SS' and accepts '24:00' and seconds), and 'HH:MM' strings sort in time order.
 */
const wallTime = (name: string) => varchar(name, { length: 5 });
const WALL_TIME = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

/**
 * Opening hours and exceptions (DESIGN §3.1). A rule scoped to a staff member shapes that
 * person's hours; one scoped only to a location shapes the location's hours.
 */
export const bookingAvailabilityRules = pgTable(
  'booking_availability_rules',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    staff_id: uuid('staff_id'),
    location_id: uuid('location_id'),
    service_id: uuid('service_id'),
    rule_type: varchar('rule_type', { length: 20 }).notNull(),
    /** 0 = Sunday … 6 = Saturday, in the zone of whoever the rule belongs to. */
    day_of_week: integer('day_of_week'),
    /** An end ≤ start runs past midnight into the next day. */
    start_time: wallTime('start_time'),
    end_time: wallTime('end_time'),
    specific_date: date('specific_date', { mode: 'string' }),
    date_range_start: date('date_range_start', { mode: 'string' }),
    date_range_end: date('date_range_end', { mode: 'string' }),
    is_available: boolean('is_available').notNull().default(true),
    reason: text('reason'),
    /** `biweekly` counts weeks from `date_range_start`. */
    recurrence_pattern: varchar('recurrence_pattern', { length: 20 }).notNull().default('weekly'),
    priority: integer('priority').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    index('booking_availability_rules_tenant_staff_idx').on(t.tenant_id, t.staff_id),
    index('booking_availability_rules_tenant_location_idx').on(t.tenant_id, t.location_id),
    index('booking_availability_rules_tenant_date_idx').on(t.tenant_id, t.specific_date),
    // Composite keys: a rule can only point at staff, locations and services of its own tenant.
    foreignKey({
      name: 'booking_availability_rules_staff_fk',
      columns: [t.tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'booking_availability_rules_location_fk',
      columns: [t.tenant_id, t.location_id],
      foreignColumns: [bookingLocations.tenant_id, bookingLocations.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'booking_availability_rules_service_fk',
      columns: [t.tenant_id, t.service_id],
      foreignColumns: [bookingServices.tenant_id, bookingServices.id],
    }).onDelete('cascade'),
    check(
      'booking_availability_rules_rule_type_check',
      sql`${t.rule_type} IN ('recurring', 'override', 'block')`,
    ),
    check('booking_availability_rules_day_of_week_check', sql`${t.day_of_week} BETWEEN 0 AND 6`),
    check(
      'booking_availability_rules_times_check',
      sql`${t.start_time} ~ ${sql.raw(WALL_TIME)} AND ${t.end_time} ~ ${sql.raw(WALL_TIME)}`,
    ),
    // Times come in pairs: a start without an end (or the reverse) has no meaning.
    check(
      'booking_availability_rules_time_pair_check',
      sql`(${t.start_time} IS NULL) = (${t.end_time} IS NULL)`,
    ),
    check(
      'booking_availability_rules_recurring_check',
      sql`${t.rule_type} <> 'recurring' OR (${t.day_of_week} IS NOT NULL AND ${t.start_time} IS NOT NULL)`,
    ),
    // Overrides and blocks are about dates: a single date or a range.
    check(
      'booking_availability_rules_dated_check',
      sql`${t.rule_type} = 'recurring' OR ${t.specific_date} IS NOT NULL OR ${t.date_range_start} IS NOT NULL`,
    ),
    check(
      'booking_availability_rules_date_range_check',
      sql`${t.date_range_end} >= ${t.date_range_start}`,
    ),
    check(
      'booking_availability_rules_recurrence_check',
      sql`${t.recurrence_pattern} IN ('weekly', 'biweekly')`,
    ),
    check(
      'booking_availability_rules_biweekly_check',
      sql`${t.recurrence_pattern} <> 'biweekly' OR ${t.date_range_start} IS NOT NULL`,
    ),
  ],
);

export type BookingAvailabilityRule = typeof bookingAvailabilityRules.$inferSelect;
