import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant, timestamps } from './columns.ts';

/** Logins of standalone tenants (owner and team); integrated tenants sign in via SiteSprintz. */
export const bookingTenantUsers = pgTable(
  'booking_tenant_users',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    /** Stored lower-cased. */
    email: varchar('email', { length: 255 }).notNull(),
    name: varchar('name', { length: 255 }),
    /** A self-describing slow hash (PBKDF2 or scrypt, with its parameters and salt). */
    password_hash: text('password_hash').notNull(),
    role: varchar('role', { length: 20 }).notNull().default('owner'),
    email_verified_at: instant('email_verified_at'),
    last_login_at: instant('last_login_at'),
    ...timestamps(),
  },
  (t) => [
    unique('booking_tenant_users_tenant_email_key').on(t.tenant_id, t.email),
    // Sign-in starts from an email alone, before the tenant is known.
    index('booking_tenant_users_email_idx').on(t.email),
    check('booking_tenant_users_role_check', sql`${t.role} IN ('owner', 'admin', 'staff')`),
  ],
);

export type BookingTenantUser = typeof bookingTenantUsers.$inferSelect;
