import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { bookingUsers } from './booking-users.ts';
import { id, timestamps } from './columns.ts';

/**
 * Who may sign in to which business, and as what: the same roles as API keys. A staff
 * member's membership names their calendar, the only one they see and change.
 */
export const bookingTenantUsers = pgTable(
  'booking_tenant_users',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    user_id: uuid('user_id')
      .notNull()
      .references(() => bookingUsers.id, { onDelete: 'cascade' }),
    role: varchar('role', { length: 20 }).notNull().default('owner'),
    /**
     * The member's own staff record (the owner's too, after signup). Staff are archived,
     * never deleted, so the cascade only runs when the whole business goes.
     */
    staff_id: uuid('staff_id'),
    ...timestamps(),
  },
  (t) => [
    unique('booking_tenant_users_tenant_user_key').on(t.tenant_id, t.user_id),
    // Sign-in knows the person, not the business: "which businesses may I open?"
    index('booking_tenant_users_user_idx').on(t.user_id),
    foreignKey({
      name: 'booking_tenant_users_staff_fk',
      columns: [t.tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }).onDelete('cascade'),
    check('booking_tenant_users_role_check', sql`${t.role} IN ('owner', 'admin', 'staff')`),
  ],
);

export type BookingTenantUser = typeof bookingTenantUsers.$inferSelect;
