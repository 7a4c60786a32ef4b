import { type Account, type Membership, membershipSchema } from '@booksprintz/shared';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  type BookingUser,
  bookingTenants,
  bookingTenantUsers,
  bookingUsers,
} from '../../db/schema/index.ts';
import type { Role } from './key-auth.ts';
import { csrfTokenFor } from './sessions.ts';

type Executor = Pick<Database, 'select' | 'insert' | 'update'>;

export async function findUserByEmail(
  db: Executor,
  email: string,
): Promise<BookingUser | undefined> {
  const [user] = await db
    .select()
    .from(bookingUsers)
    .where(eq(bookingUsers.email, email.trim().toLowerCase()))
    .limit(1);
  return user;
}

export async function isEmailVerified(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ at: bookingUsers.email_verified_at })
    .from(bookingUsers)
    .where(eq(bookingUsers.id, userId))
    .limit(1);
  return Boolean(row?.at);
}

/** The person's membership of one active business: what their session may do there. */
export async function findMembership(db: Executor, userId: string, tenantId: string) {
  const [row] = await db
    .select({ role: bookingTenantUsers.role, staff_id: bookingTenantUsers.staff_id })
    .from(bookingTenantUsers)
    .innerJoin(bookingTenants, eq(bookingTenants.id, bookingTenantUsers.tenant_id))
    .where(
      and(
        eq(bookingTenantUsers.user_id, userId),
        eq(bookingTenantUsers.tenant_id, tenantId),
        eq(bookingTenants.status, 'active'),
      ),
    )
    .limit(1);
  return row ? { role: row.role as Role, staffId: row.staff_id } : undefined;
}

/** Every active business the person belongs to, oldest membership first. */
export async function listMemberships(db: Executor, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({
      id: bookingTenants.id,
      business_name: bookingTenants.business_name,
      subdomain: bookingTenants.subdomain,
      mode: bookingTenants.mode,
      plan_tier: bookingTenants.plan_tier,
      role: bookingTenantUsers.role,
      staff_id: bookingTenantUsers.staff_id,
    })
    .from(bookingTenantUsers)
    .innerJoin(bookingTenants, eq(bookingTenants.id, bookingTenantUsers.tenant_id))
    .where(and(eq(bookingTenantUsers.user_id, userId), eq(bookingTenants.status, 'active')))
    .orderBy(asc(bookingTenantUsers.created_at), asc(bookingTenantUsers.id));
  return rows.map((row) => membershipSchema.parse(row));
}

/**
 * Adds the person to a business, or changes their role there when they already belong
 * (an owner invited again as owner stays owner; nobody is demoted by an invitation).
 */
export async function addMembership(
  db: Executor,
  membership: { tenantId: string; userId: string; role: Role; staffId: string | null },
): Promise<void> {
  await db
    .insert(bookingTenantUsers)
    .values({
      tenant_id: membership.tenantId,
      user_id: membership.userId,
      role: membership.role,
      staff_id: membership.staffId,
    })
    .onConflictDoNothing({ target: [bookingTenantUsers.tenant_id, bookingTenantUsers.user_id] });
}

/** What `/auth/me`, login, signup and invitation acceptance answer. */
export async function accountOf(
  db: Executor,
  user: BookingUser,
  sessionToken: string,
): Promise<Account> {
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      email_verified: user.email_verified_at !== null,
    },
    tenants: await listMemberships(db, user.id),
    csrf_token: await csrfTokenFor(sessionToken),
  };
}
