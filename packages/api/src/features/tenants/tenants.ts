import {
  type Signup,
  type Tenant,
  type TenantCreate,
  type TenantUpdate,
  tenantSchema,
} from '@booksprintz/shared';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  bookingApiKeys,
  bookingTenants,
  bookingTenantUsers,
  PLAN_LIMITS,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { generateApiKey } from '../accounts/api-key-secret.ts';
import { hashPassword } from '../accounts/password.ts';
import { forgetTenant } from './tenant-cache.ts';

export interface CreatedTenant {
  tenant: Tenant;
  /** The first owner key, shown once. */
  api_key: string;
}

/**
 * Creates a tenant with its plan's limits and a first owner key, in one transaction.
 * Integrated tenants come from SiteSprintz (platform key); standalone ones from signup,
 * which also stores the owner's login.
 */
export async function createTenant(
  db: Database,
  input: TenantCreate | (Signup & { mode: 'standalone'; plan_tier: 'free' }),
): Promise<CreatedTenant> {
  const taken = await db
    .select({ id: bookingTenants.id })
    .from(bookingTenants)
    .where(eq(bookingTenants.subdomain, input.subdomain))
    .limit(1);
  if (taken.length > 0) {
    throw new ApiError('conflict', `The subdomain "${input.subdomain}" is taken.`, {
      errors: [{ path: 'subdomain', message: 'already taken' }],
    });
  }
  const key = await generateApiKey();
  const passwordHash = 'password' in input ? await hashPassword(input.password) : undefined;
  const limits = PLAN_LIMITS[input.plan_tier];

  const tenant = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bookingTenants)
      .values({
        name: input.name,
        business_name: input.business_name,
        subdomain: input.subdomain,
        mode: input.mode,
        plan_tier: input.plan_tier,
        ...limits,
        timezone: input.timezone,
        currency: input.currency,
        locale: input.locale,
        email: input.email,
        phone: input.phone ?? null,
        business_type: input.business_type ?? null,
        logo_url: input.logo_url ?? null,
        allowed_domains: input.allowed_domains,
        ...(input.primary_color ? { primary_color: input.primary_color } : {}),
        ...('sitesprintz_user_id' in input
          ? {
              sitesprintz_user_id: input.sitesprintz_user_id ?? null,
              sitesprintz_site_id: input.sitesprintz_site_id ?? null,
            }
          : {}),
      })
      .returning();
    if (!row) throw new Error('tenant insert returned nothing');
    await tx.insert(bookingApiKeys).values({
      tenant_id: row.id,
      name: passwordHash ? 'Owner (signup)' : 'Owner (platform)',
      role: 'owner',
      key_hash: key.hash,
      key_prefix: key.prefix,
    });
    if (passwordHash && 'password' in input) {
      await tx.insert(bookingTenantUsers).values({
        tenant_id: row.id,
        email: input.email.toLowerCase(),
        name: input.owner_name ?? null,
        password_hash: passwordHash,
        role: 'owner',
      });
    }
    return row;
  });
  return { tenant: toResponse(tenantSchema, tenant), api_key: key.key };
}

/**
 * Standalone signup (`POST /signup`): a business of its own rather than SiteSprintz's,
 * starting on the free plan; a higher plan is a billing change, never a signup field.
 */
export function signUpTenant(db: Database, input: Signup): Promise<CreatedTenant> {
  return createTenant(db, { ...input, mode: 'standalone', plan_tier: 'free' });
}

export async function getTenant(tdb: TenantDb): Promise<Tenant> {
  const row = await tdb.tenant();
  if (!row) throw new ApiError('not_found', 'No such tenant.');
  return toResponse(tenantSchema, row);
}

export async function updateTenant(tdb: TenantDb, patch: TenantUpdate): Promise<Tenant> {
  const row = await tdb.updateTenant({ ...patch, updated_at: new Date() });
  forgetTenant(tdb.tenantId);
  if (!row) throw new ApiError('not_found', 'No such tenant.');
  return toResponse(tenantSchema, row);
}

/** Removes the tenant and, through ON DELETE CASCADE, every row it owns. */
export async function deleteTenant(tdb: TenantDb): Promise<void> {
  await tdb.deleteTenant();
  forgetTenant(tdb.tenantId);
}
