import { type Invitation, type InvitationCreate, invitationSchema } from '@booksprintz/shared';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bookingAccountTokens, bookingUsers } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { assertOwnReferences } from '../catalog/references.ts';
import { queueAccountEmail } from './account-emails.ts';
import { appLink } from './account-links.ts';
import type { Role, TenantAuth } from './key-auth.ts';
import { badLink, issueToken, spendToken } from './one-time-tokens.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { addMembership, findUserByEmail } from './users.ts';

const pending = (tdb: TenantDb, now: Date) =>
  and(
    eq(bookingAccountTokens.target_tenant_id, tdb.tenantId),
    eq(bookingAccountTokens.kind, 'invitation'),
    isNull(bookingAccountTokens.used_at),
    gt(bookingAccountTokens.expires_at, now),
  );

/**
 * Invites someone by e-mail to the business with a role (as API keys have). Only an
 * owner may invite owners, or an admin could promote a friend above themselves.
 */
export async function createInvitation(
  tdb: TenantDb,
  auth: TenantAuth,
  input: InvitationCreate,
  origin: string,
  now: Date,
): Promise<Invitation> {
  if (input.role === 'owner' && auth.role !== 'owner') {
    throw new ApiError('forbidden', 'Only an owner can invite owners.');
  }
  await assertOwnReferences(tdb, 'staff', [input.staff_id], 'staff_id');
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const inviter = auth.userId
    ? (
        await tdb
          .raw()
          .select({ name: bookingUsers.name, email: bookingUsers.email })
          .from(bookingUsers)
          .where(eq(bookingUsers.id, auth.userId))
          .limit(1)
      )[0]
    : undefined;
  return tdb.transaction(async (tx) => {
    const { token, row } = await issueToken(
      tx.raw(),
      'invitation',
      {
        target_tenant_id: tdb.tenantId,
        email: input.email,
        role: input.role,
        staff_id: input.staff_id ?? null,
        invited_by: auth.userId,
      },
      now,
    );
    await queueAccountEmail(tx.raw(), {
      message: 'invitation',
      tenant,
      to: input.email,
      facts: {
        url: appLink(origin, '/app/accept-invitation', token),
        inviterName: inviter ? (inviter.name ?? inviter.email) : null,
        role: input.role,
      },
      key: row.id,
      now,
    });
    return toResponse(invitationSchema, row);
  });
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export async function listInvitations(tdb: TenantDb, now: Date): Promise<Invitation[]> {
  const rows = await tdb
    .raw()
    .select()
    .from(bookingAccountTokens)
    .where(pending(tdb, now))
    .orderBy(desc(bookingAccountTokens.created_at));
  return rows.map((row) => toResponse(invitationSchema, row));
}

/** Withdraws an invitation: its link stops working. */
export async function revokeInvitation(tdb: TenantDb, id: string, now: Date): Promise<void> {
  const [row] = await tdb
    .raw()
    .update(bookingAccountTokens)
    .set({ used_at: now, expires_at: now })
    .where(and(pending(tdb, now), eq(bookingAccountTokens.id, id)))
    .returning({ id: bookingAccountTokens.id });
  if (!row) throw new ApiError('not_found', 'No such invitation.');
}

/**
 * Accepts an invitation: a new person gets an account with the chosen password (the link
 * proved the address); someone who already has one confirms it with their password, so a
 * leaked link cannot take over an existing account. Either way they join the business.
 */
export async function acceptInvitation(
  db: Database,
  input: { token: string; password: string; name: string },
  now: Date,
) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const invitation = await spendToken(tx, 'invitation', input.token, now);
    if (!invitation?.target_tenant_id) throw badLink('invitation');
    let user = await findUserByEmail(tx, invitation.email);
    if (user?.password_hash) {
      if (!(await verifyPassword(input.password, user.password_hash))) {
        throw new ApiError(
          'unauthorized',
          'This address already has an account: enter its password to accept.',
        );
      }
    } else if (user) {
      [user] = await tx
        .update(bookingUsers)
        .set({ password_hash: passwordHash, name: user.name ?? input.name, updated_at: now })
        .where(eq(bookingUsers.id, user.id))
        .returning();
    } else {
      [user] = await tx
        .insert(bookingUsers)
        .values({
          email: invitation.email,
          name: input.name,
          password_hash: passwordHash,
          email_verified_at: now,
          created_at: now,
          updated_at: now,
        })
        .returning();
    }
    if (!user) throw new Error('user upsert returned nothing');
    await addMembership(tx, {
      tenantId: invitation.target_tenant_id,
      userId: user.id,
      role: (invitation.role ?? 'staff') as Role,
      staffId: invitation.staff_id,
    });
    return user;
  });
}
