import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type BookingUser, bookingUsers } from '../../db/schema/index.ts';
import { queueAccountEmail } from './account-emails.ts';
import { appLink } from './account-links.ts';
import { badLink, issueToken, spendToken } from './one-time-tokens.ts';

type Executor = Pick<Database, 'insert' | 'update'>;

/** Queues the "confirm your address" mail with a one-time link (signup, or a resend). */
export async function sendVerificationEmail(
  db: Executor,
  user: Pick<BookingUser, 'id' | 'email'>,
  tenant: { id: string; business_name: string; primary_color: string; locale: string },
  origin: string,
  now: Date,
): Promise<void> {
  const { token, row } = await issueToken(
    db,
    'email_verification',
    { user_id: user.id, email: user.email },
    now,
  );
  await queueAccountEmail(db, {
    message: 'verifyEmail',
    tenant,
    to: user.email,
    facts: { url: appLink(origin, '/app/verify-email', token) },
    key: row.id,
    now,
  });
}

/** Marks the address verified; the link must still be good and sent to the current address. */
export async function verifyEmail(db: Database, token: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const spent = await spendToken(tx, 'email_verification', token, now);
    if (!spent?.user_id) throw badLink('verification');
    await tx
      .update(bookingUsers)
      .set({ email_verified_at: now, updated_at: now })
      .where(
        and(
          eq(bookingUsers.id, spent.user_id),
          eq(bookingUsers.email, spent.email),
          isNull(bookingUsers.email_verified_at),
        ),
      );
  });
}
