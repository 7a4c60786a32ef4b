import { and, count, eq, gt, lte } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bookingLoginFailures } from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';

/** Failed sign-ins are counted over this sliding window. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
/** Failures per address (e-mail) in the window before sign-in is refused for it. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Failures from one client in the window: bounds spraying many addresses. */
export const MAX_FAILURES_PER_CLIENT = 50;

/**
 * Refuses (429) a sign-in for an e-mail address or from a client that failed too often
 * lately, before the password is even checked, so guessing stays slow whether or not
 * the guesses are right. Unknown addresses count like known ones: the limit tells an
 * attacker nothing about which addresses have accounts.
 */
export async function assertLoginAllowed(
  db: Database,
  email: string,
  client: string,
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const [[byEmail], [byClient]] = await Promise.all([
    db
      .select({ n: count() })
      .from(bookingLoginFailures)
      .where(
        and(eq(bookingLoginFailures.email, email), gt(bookingLoginFailures.created_at, since)),
      ),
    db
      .select({ n: count() })
      .from(bookingLoginFailures)
      .where(
        and(eq(bookingLoginFailures.address, client), gt(bookingLoginFailures.created_at, since)),
      ),
  ]);
  if (
    (byEmail?.n ?? 0) >= MAX_FAILURES_PER_EMAIL ||
    (byClient?.n ?? 0) >= MAX_FAILURES_PER_CLIENT
  ) {
    throw new ApiError('rate_limited', 'Too many failed sign-ins; try again in 15 minutes.', {
      headers: { 'Retry-After': String(LOGIN_WINDOW_MS / 1000) },
    });
  }
}

export async function recordLoginFailure(
  db: Database,
  email: string,
  client: string,
  now: Date,
): Promise<void> {
  await db
    .insert(bookingLoginFailures)
    .values({ email, address: client.slice(0, 64), created_at: now });
  // Rows older than the window count for nothing; each failure sweeps them away.
  await db
    .delete(bookingLoginFailures)
    .where(lte(bookingLoginFailures.created_at, new Date(now.getTime() - LOGIN_WINDOW_MS)));
}

/** A successful sign-in forgives the address's earlier mistakes. */
export async function clearLoginFailures(db: Database, email: string): Promise<void> {
  await db.delete(bookingLoginFailures).where(eq(bookingLoginFailures.email, email));
}
