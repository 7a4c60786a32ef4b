import { and, eq, gt, lte } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bookingSessions, bookingUsers } from '../../db/schema/index.ts';
import { base64Url, randomToken, sha256Hex } from './secrets.ts';

/** How long a sign-in lasts; after that the person signs in again. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;

export interface NewSession {
  /** Goes into the cookie; never stored. */
  token: string;
  expiresAt: Date;
}

/** Starts a session: 32 random bytes, stored as their SHA-256. */
export async function createSession(db: Database, userId: string, now: Date): Promise<NewSession> {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(bookingSessions).values({
    user_id: userId,
    token_hash: await sha256Hex(token),
    created_at: now,
    expires_at: expiresAt,
  });
  // Expired rows of this person go when they next sign in; nothing else reads them.
  await db
    .delete(bookingSessions)
    .where(and(eq(bookingSessions.user_id, userId), lte(bookingSessions.expires_at, now)));
  return { token, expiresAt };
}

/** The signed-in person behind a cookie's token, or undefined (unknown, expired, logged out). */
export async function findSessionUser(db: Database, token: string, now: Date) {
  const [row] = await db
    .select({ user: bookingUsers })
    .from(bookingSessions)
    .innerJoin(bookingUsers, eq(bookingUsers.id, bookingSessions.user_id))
    .where(
      and(
        eq(bookingSessions.token_hash, await sha256Hex(token)),
        gt(bookingSessions.expires_at, now),
      ),
    )
    .limit(1);
  return row?.user;
}

/** Logout: this browser's session ends at once (every request looks the token up). */
export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(bookingSessions).where(eq(bookingSessions.token_hash, await sha256Hex(token)));
}

/** A new password ends every session of the person, wherever they were signed in. */
export async function endAllSessions(db: Pick<Database, 'delete'>, userId: string): Promise<void> {
  await db.delete(bookingSessions).where(eq(bookingSessions.user_id, userId));
}

const encoder = new TextEncoder();

/**
 * The CSRF token of a session: derived from the session token (so nothing more is
 * stored) under a label of its own, so knowing it reveals nothing about the cookie.
 * A page on another site can make the browser send the cookie, but cannot read this.
 */
export async function csrfTokenFor(sessionToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`csrf:${sessionToken}`));
  return base64Url(new Uint8Array(digest));
}
