import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { bookingUsers } from './booking-users.ts';
import { id, instant } from './columns.ts';

/**
 * One-time links sent to a person: password reset, e-mail verification, team invitation,
 * and the platform's login link. Only the token's SHA-256 is stored; a token is spent by
 * setting `used_at` in the same statement that checks it, so it works once.
 */
export const bookingAccountTokens = pgTable(
  'booking_account_tokens',
  {
    id: id(),
    kind: varchar('kind', { length: 30 }).notNull(),
    token_hash: varchar('token_hash', { length: 64 }).notNull().unique(),
    /** Whose password or address (reset, verification, login link). */
    user_id: uuid('user_id').references(() => bookingUsers.id, { onDelete: 'cascade' }),
    /**
     * Invitations and login links: the business the link admits to. Not `tenant_id`: a
     * reset or verification link belongs to a person, not to any one business.
     */
    target_tenant_id: uuid('target_tenant_id').references(() => bookingTenants.id, {
      onDelete: 'cascade',
    }),
    /** Stored lower-cased: the address the link went to. */
    email: varchar('email', { length: 255 }).notNull(),
    /** Invitations: the role and (for staff) the calendar the new member gets. */
    role: varchar('role', { length: 20 }),
    staff_id: uuid('staff_id'),
    invited_by: uuid('invited_by').references(() => bookingUsers.id, { onDelete: 'set null' }),
    created_at: instant('created_at').notNull().defaultNow(),
    expires_at: instant('expires_at').notNull(),
    used_at: instant('used_at'),
  },
  (t) => [
    foreignKey({
      name: 'booking_account_tokens_staff_fk',
      columns: [t.target_tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }).onDelete('cascade'),
    index('booking_account_tokens_tenant_idx').on(t.target_tenant_id, t.kind),
    check(
      'booking_account_tokens_kind_check',
      sql`${t.kind} IN ('password_reset', 'email_verification', 'invitation', 'login_link')`,
    ),
    check(
      'booking_account_tokens_role_check',
      sql`${t.role} IS NULL OR ${t.role} IN ('owner', 'admin', 'staff')`,
    ),
  ],
);

export type BookingAccountToken = typeof bookingAccountTokens.$inferSelect;
