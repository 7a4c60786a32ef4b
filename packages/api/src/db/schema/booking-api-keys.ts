import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant } from './columns.ts';

/** Admin API keys (`bsk_…`). Only a hash is stored; the key is shown once. */
export const bookingApiKeys = pgTable(
  'booking_api_keys',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 255 }).notNull(),
    role: varchar('role', { length: 20 }).notNull().default('admin'),
    /** A `staff` key may be limited to one staff member's calendar. */
    staff_id: uuid('staff_id'),
    /** SHA-256 (hex) of the whole key; keys are random, so no slow hash is needed. */
    key_hash: varchar('key_hash', { length: 64 }).notNull().unique(),
    /** The first characters (`bsk_AbC1…`), so a user can tell keys apart in a list. */
    key_prefix: varchar('key_prefix', { length: 16 }).notNull(),
    last_used_at: instant('last_used_at'),
    revoked_at: instant('revoked_at'),
    created_at: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'booking_api_keys_staff_fk',
      columns: [t.tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }).onDelete('cascade'),
    index('booking_api_keys_tenant_idx').on(t.tenant_id),
    check('booking_api_keys_role_check', sql`${t.role} IN ('owner', 'admin', 'staff')`),
  ],
);

export type BookingApiKey = typeof bookingApiKeys.$inferSelect;
