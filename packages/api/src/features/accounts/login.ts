import type { Login } from '@booksprintz/shared';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type BookingUser, bookingUsers } from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { findUserByEmail } from './users.ts';

/**
 * A real hash of a password nobody has, checked when the address is unknown (or has no
 * password) so that the answer takes as long as for a wrong password: timing must not
 * tell which addresses have accounts. Made once per isolate.
 */
let decoyHash: Promise<string> | undefined;

/**
 * Checks an e-mail and password pair. A wrong password, an unknown address and an
 * account with no password all get the same 401, after the same work.
 */
export async function authenticate(
  db: Database,
  input: Login,
  client: string,
  now: Date,
): Promise<BookingUser> {
  await assertLoginAllowed(db, input.email, client, now);
  const user = await findUserByEmail(db, input.email);
  decoyHash ??= hashPassword(crypto.randomUUID());
  const stored = user?.password_hash ?? (await decoyHash);
  const valid = await verifyPassword(input.password, stored);
  if (!user?.password_hash || !valid) {
    await recordLoginFailure(db, input.email, client, now);
    throw new ApiError('unauthorized', 'The e-mail address or the password is wrong.');
  }
  await clearLoginFailures(db, input.email);
  await db.update(bookingUsers).set({ last_login_at: now }).where(eq(bookingUsers.id, user.id));
  return user;
}
