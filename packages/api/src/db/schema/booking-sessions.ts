import { index, pgTable, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingUsers } from './booking-users.ts';
import { id, instant } from './columns.ts';

/**
 * Signed-in browsers. The cookie carries a random token; only its SHA-256 is stored, so
 * a copy of this table signs no one in. Logging out or resetting the password deletes rows.
 */
export const bookingSessions = pgTable(
  'booking_sessions',
  {
    id: id(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => bookingUsers.id, { onDelete: 'cascade' }),
    token_hash: varchar('token_hash', { length: 64 }).notNull().unique(),
    created_at: instant('created_at').notNull().defaultNow(),
    expires_at: instant('expires_at').notNull(),
  },
  (t) => [index('booking_sessions_user_idx').on(t.user_id)],
);

export type BookingSession = typeof bookingSessions.$inferSelect;
