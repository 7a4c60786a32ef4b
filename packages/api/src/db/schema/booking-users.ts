import { pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { id, instant, timestamps } from './columns.ts';

/**
 * People who sign in to the owner app. One row per e-mail address, whatever number of
 * businesses the person works for (`booking_tenant_users` holds those memberships), so
 * one password and one session cover them all.
 */
export const bookingUsers = pgTable('booking_users', {
  id: id(),
  /** Stored lower-cased. */
  email: varchar('email', { length: 255 }).notNull().unique(),
  name: varchar('name', { length: 255 }),
  /**
   * A self-describing slow hash (features/accounts/password.ts). Null for someone who has
   * only ever come in through a platform login link or has not yet chosen a password.
   */
  password_hash: text('password_hash'),
  email_verified_at: instant('email_verified_at'),
  last_login_at: instant('last_login_at'),
  ...timestamps(),
});

export type BookingUser = typeof bookingUsers.$inferSelect;
