import { index, pgTable, varchar } from 'drizzle-orm/pg-core';
import { id, instant } from './columns.ts';

/**
 * Failed sign-ins, counted per e-mail address and per client address over a sliding
 * window (features/accounts/login-throttle.ts). Kept in Postgres rather than a Workers
 * rate-limit binding: those count per location and reset every minute, which lets a
 * patient guesser through; these count everywhere, for as long as the window says.
 */
export const bookingLoginFailures = pgTable(
  'booking_login_failures',
  {
    id: id(),
    email: varchar('email', { length: 255 }).notNull(),
    address: varchar('address', { length: 64 }).notNull(),
    created_at: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('booking_login_failures_email_idx').on(t.email, t.created_at),
    index('booking_login_failures_address_idx').on(t.address, t.created_at),
  ],
);
