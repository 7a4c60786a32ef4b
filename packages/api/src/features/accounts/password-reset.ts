import { and, count, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bookingAccountTokens, bookingUsers } from '../../db/schema/index.ts';
import { queueAccountEmail } from './account-emails.ts';
import { appLink, firstTenantOf } from './account-links.ts';
import { badLink, issueToken, spendToken } from './one-time-tokens.ts';
import { hashPassword } from './password.ts';
import { endAllSessions } from './sessions.ts';
import { findUserByEmail } from './users.ts';

/** More reset mails than this per hour for one person are not sent (a mailbox flood). */
const MAX_RESETS_PER_HOUR = 3;

/**
 * E-mails a one-time reset link when the address has an account. The caller answers 202
 * either way, so the route does not reveal which addresses have accounts.
 */
export async function requestPasswordReset(
  db: Database,
  email: string,
  origin: string,
  now: Date,
): Promise<boolean> {
  const user = await findUserByEmail(db, email);
  if (!user) return false;
  const tenant = await firstTenantOf(db, user.id);
  if (!tenant) return false;
  const [recent] = await db
    .select({ n: count() })
    .from(bookingAccountTokens)
    .where(
      and(
        eq(bookingAccountTokens.user_id, user.id),
        eq(bookingAccountTokens.kind, 'password_reset'),
        gt(bookingAccountTokens.created_at, new Date(now.getTime() - 60 * 60_000)),
      ),
    );
  if ((recent?.n ?? 0) >= MAX_RESETS_PER_HOUR) return false;
  await db.transaction(async (tx) => {
    const { token, row } = await issueToken(
      tx,
      'password_reset',
      { user_id: user.id, email: user.email },
      now,
    );
    await queueAccountEmail(tx, {
      message: 'passwordReset',
      tenant,
      to: user.email,
      facts: { url: appLink(origin, '/app/reset-password', token) },
      key: row.id,
      now,
    });
  });
  return true;
}

/**
 * Sets the new password from a reset link and signs the person out everywhere (whoever
 * knew the old password loses their session). Following the link also proves the address.
 */
export async function confirmPasswordReset(
  db: Database,
  input: { token: string; password: string },
  now: Date,
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const spent = await spendToken(tx, 'password_reset', input.token, now);
    if (!spent?.user_id) throw badLink('password reset');
    const [user] = await tx
      .select()
      .from(bookingUsers)
      .where(eq(bookingUsers.id, spent.user_id))
      .limit(1);
    if (!user) throw badLink('password reset');
    await tx
      .update(bookingUsers)
      .set({
        password_hash: passwordHash,
        email_verified_at: user.email_verified_at ?? now,
        updated_at: now,
      })
      .where(eq(bookingUsers.id, user.id));
    await endAllSessions(tx, user.id);
  });
}
