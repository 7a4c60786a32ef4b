import {
  type Tenant,
  type TenantCreate,
  type TenantUpdate,
  tenantSchema,
} from '@booksprintz/shared';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type BookingTenant, bookingApiKeys, bookingTenants } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { generateApiKey } from '../accounts/api-key-secret.ts';
import { planLimits } from './plan.ts';
import { forgetTenant } from './tenant-cache.ts';

export interface CreatedTenant {
  tenant: Tenant;
  /** The first owner key, shown once. */
  api_key: string;
}

type NewTenant = Omit<TenantCreate, 'sitesprintz_user_id' | 'sitesprintz_site_id'> &
  Partial<Pick<TenantCreate, 'sitesprintz_user_id' | 'sitesprintz_site_id'>>;

/**
 * Inserts a tenant with its plan's limits and a first owner key, inside the caller's
 * transaction. Integrated tenants come from SiteSprintz (platform key, `createTenant`);
 * standalone ones from signup (features/accounts/signup.ts), which adds the owner.
 */
export async function insertTenant(
  tx: Pick<Database, 'select' | 'insert'>,
  input: NewTenant,
  keyName: string,
): Promise<{ row: BookingTenant; apiKey: string }> {
  const taken = await tx
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
  const [row] = await tx
    .insert(bookingTenants)
    .values({
      name: input.name,
      business_name: input.business_name,
      subdomain: input.subdomain,
      mode: input.mode,
      plan_tier: input.plan_tier,
      ...planLimits(input.plan_tier),
      timezone: input.timezone,
      currency: input.currency,
      locale: input.locale,
      email: input.email,
      phone: input.phone ?? null,
      business_type: input.business_type ?? null,
      logo_url: input.logo_url ?? null,
      allowed_domains: input.allowed_domains,
      ...(input.primary_color ? { primary_color: input.primary_color } : {}),
      sitesprintz_user_id: input.sitesprintz_user_id ?? null,
      sitesprintz_site_id: input.sitesprintz_site_id ?? null,
    })
    .returning();
  if (!row) throw new Error('tenant insert returned nothing');
  await tx.insert(bookingApiKeys).values({
    tenant_id: row.id,
    name: keyName,
    role: 'owner',
    key_hash: key.hash,
    key_prefix: key.prefix,
  });
  return { row, apiKey: key.key };
}

/** `POST /platform/tenants`: a tenant made by SiteSprintz, answered with its first key. */
export async function createTenant(db: Database, input: TenantCreate): Promise<CreatedTenant> {
  const { row, apiKey } = await db.transaction((tx) => insertTenant(tx, input, 'Owner (platform)'));
  return { tenant: toResponse(tenantSchema, row), api_key: apiKey };
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
