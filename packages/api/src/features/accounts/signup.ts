import { type Signup, type Tenant, tenantSchema } from '@booksprintz/shared';
import type { Database } from '../../db/client.ts';
import {
  type BookingUser,
  bookingAvailabilityRules,
  bookingStaff,
  bookingUsers,
} from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { insertTenant } from '../tenants/tenants.ts';
import { sendVerificationEmail } from './email-verification.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { addMembership, findUserByEmail } from './users.ts';

/** A new business opens Monday to Friday (0 = Sunday), 09:00–17:00 in its own zone. */
const OPENING_DAYS = [1, 2, 3, 4, 5];
const OPENING_HOURS = { start_time: '09:00', end_time: '17:00' } as const;

export interface SignedUp {
  tenant: Tenant;
  user: BookingUser;
  /** The first owner key, shown once (signup answered with it before sessions existed). */
  api_key: string;
  staff_id: string;
}

/**
 * Standalone signup: a business on the free plan, in the zone the browser sent, whose
 * owner is its first staff member, open Mon–Fri 09:00–17:00 — bookable as soon as it has
 * a service. The person gets an account (or, if the address already has one and the
 * password matches it, the business is added to it) and a verification e-mail.
 */
export async function signUp(
  db: Database,
  input: Signup,
  origin: string,
  now: Date,
): Promise<SignedUp> {
  const email = input.email.trim().toLowerCase();
  const existing = await findUserByEmail(db, email);
  if (existing) {
    const matches =
      existing.password_hash && (await verifyPassword(input.password, existing.password_hash));
    if (!matches) {
      throw new ApiError(
        'conflict',
        'This e-mail address already has an account: sign in, or sign up with its password to add a business.',
        { errors: [{ path: 'email', message: 'already has an account' }] },
      );
    }
  }
  const passwordHash = existing ? null : await hashPassword(input.password);

  return db.transaction(async (tx) => {
    const { row: tenant, apiKey } = await insertTenant(
      tx,
      { ...input, mode: 'standalone', plan_tier: 'free' },
      'Owner (signup)',
    );
    const [user] = existing
      ? [existing]
      : await tx
          .insert(bookingUsers)
          .values({
            email,
            name: input.owner_name ?? null,
            password_hash: passwordHash,
            created_at: now,
            updated_at: now,
          })
          .returning();
    if (!user) throw new Error('user insert returned nothing');
    const [staff] = await tx
      .insert(bookingStaff)
      .values({
        tenant_id: tenant.id,
        name: input.owner_name ?? input.business_name,
        email,
        role: 'owner',
      })
      .returning({ id: bookingStaff.id });
    if (!staff) throw new Error('staff insert returned nothing');
    await tx.insert(bookingAvailabilityRules).values(
      OPENING_DAYS.map((day) => ({
        tenant_id: tenant.id,
        staff_id: staff.id,
        rule_type: 'recurring',
        day_of_week: day,
        ...OPENING_HOURS,
        recurrence_pattern: 'weekly',
      })),
    );
    await addMembership(tx, {
      tenantId: tenant.id,
      userId: user.id,
      role: 'owner',
      staffId: staff.id,
    });
    if (!user.email_verified_at) await sendVerificationEmail(tx, user, tenant, origin, now);
    return {
      tenant: toResponse(tenantSchema, tenant),
      user,
      api_key: apiKey,
      staff_id: staff.id,
    };
  });
}
