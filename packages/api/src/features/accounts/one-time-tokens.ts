import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type BookingAccountToken, bookingAccountTokens } from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';
import { randomToken, sha256Hex } from './secrets.ts';

export type TokenKind = 'password_reset' | 'email_verification' | 'invitation' | 'login_link';

/** How long each kind of link works. */
export const TOKEN_TTL_MS: Record<TokenKind, number> = {
  password_reset: 60 * 60_000,
  email_verification: 7 * 24 * 60 * 60_000,
  invitation: 7 * 24 * 60 * 60_000,
  // API.md: a login link works for at most five minutes.
  login_link: 5 * 60_000,
};

type Executor = Pick<Database, 'insert' | 'update'>;
type NewToken = Omit<
  typeof bookingAccountTokens.$inferInsert,
  'id' | 'token_hash' | 'kind' | 'created_at' | 'expires_at' | 'used_at'
>;

/** Issues a one-time token of `kind`; the token is returned once, its hash is stored. */
export async function issueToken(
  db: Executor,
  kind: TokenKind,
  fields: NewToken,
  now: Date,
): Promise<{ token: string; row: BookingAccountToken }> {
  const token = randomToken(32);
  const [row] = await db
    .insert(bookingAccountTokens)
    .values({
      ...fields,
      email: fields.email.toLowerCase(),
      kind,
      token_hash: await sha256Hex(token),
      created_at: now,
      expires_at: new Date(now.getTime() + TOKEN_TTL_MS[kind]),
    })
    .returning();
  if (!row) throw new Error('token insert returned nothing');
  return { token, row };
}

/**
 * Spends a token: marks it used in the statement that checks it is unused, unexpired and
 * of this kind, so two requests racing with one link cannot both succeed. Undefined when
 * it is not (or no longer) good.
 */
export async function spendToken(
  db: Executor,
  kind: TokenKind,
  token: string,
  now: Date,
): Promise<BookingAccountToken | undefined> {
  const [row] = await db
    .update(bookingAccountTokens)
    .set({ used_at: now })
    .where(
      and(
        eq(bookingAccountTokens.token_hash, await sha256Hex(token)),
        eq(bookingAccountTokens.kind, kind),
        isNull(bookingAccountTokens.used_at),
        gt(bookingAccountTokens.expires_at, now),
      ),
    )
    .returning();
  return row;
}

/** The 400 for a link that is unknown, used or expired: the same for all three. */
export function badLink(what: string): ApiError {
  return new ApiError('validation_failed', `This ${what} link is invalid or has expired.`, {
    errors: [{ path: 'token', message: 'invalid or expired' }],
  });
}
