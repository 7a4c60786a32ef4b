import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type BookingUser, bookingTenants, bookingUsers } from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';
import { toInstant } from '../../http/serialize.ts';
import { issueToken, spendToken } from './one-time-tokens.ts';
import { addMembership, findUserByEmail } from './users.ts';

/** The path of the link itself, under the API. */
export const LOGIN_LINK_PATH = '/api/booking/v1/auth/login-links/';

/**
 * Integrated mode: SiteSprintz (platform key) vouches for the person behind `email` and
 * asks for a one-time link that signs them into `/app` for this business, with no
 * password of ours. Someone new becomes an owner; an existing member keeps their role.
 */
export async function createLoginLink(
  db: Database,
  input: { tenant_id: string; email: string },
  origin: string,
  now: Date,
): Promise<{ url: string; expires_at: string }> {
  const [tenant] = await db
    .select({ id: bookingTenants.id })
    .from(bookingTenants)
    .where(and(eq(bookingTenants.id, input.tenant_id), eq(bookingTenants.status, 'active')))
    .limit(1);
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  return db.transaction(async (tx) => {
    let user = await findUserByEmail(tx, input.email);
    if (!user) {
      [user] = await tx
        .insert(bookingUsers)
        .values({ email: input.email, email_verified_at: now, created_at: now, updated_at: now })
        .onConflictDoNothing({ target: bookingUsers.email })
        .returning();
      user ??= await findUserByEmail(tx, input.email);
    }
    if (!user) throw new Error('user upsert returned nothing');
    await addMembership(tx, { tenantId: tenant.id, userId: user.id, role: 'owner', staffId: null });
    const { token, row } = await issueToken(
      tx,
      'login_link',
      { user_id: user.id, target_tenant_id: tenant.id, email: user.email },
      now,
    );
    return {
      url: `${origin.replace(/\/+$/, '')}${LOGIN_LINK_PATH}${encodeURIComponent(token)}`,
      expires_at: toInstant(row.expires_at),
    };
  });
}

/** The person a login link signs in, spending it; undefined when used, expired or unknown. */
export async function spendLoginLink(
  db: Database,
  token: string,
  now: Date,
): Promise<BookingUser | undefined> {
  return db.transaction(async (tx) => {
    const spent = await spendToken(tx, 'login_link', token, now);
    if (!spent?.user_id) return undefined;
    const [user] = await tx
      .update(bookingUsers)
      .set({ last_login_at: now })
      .where(eq(bookingUsers.id, spent.user_id))
      .returning();
    return user;
  });
}
