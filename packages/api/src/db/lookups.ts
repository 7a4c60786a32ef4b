import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from './client.ts';
import { bookingApiKeys, bookingTenants } from './schema/index.ts';

/**
 * The few queries that run before a tenant is known, so they cannot go through
 * TenantDb: resolving a public slug and an API key. Each returns the tenant id that
 * everything after it is scoped by.
 */
export async function findActiveTenantBySlug(db: Database, slug: string) {
  const [tenant] = await db
    .select()
    .from(bookingTenants)
    .where(and(eq(bookingTenants.subdomain, slug), eq(bookingTenants.status, 'active')))
    .limit(1);
  return tenant;
}

export async function findActiveApiKey(db: Database, keyHash: string) {
  const [key] = await db
    .select({
      id: bookingApiKeys.id,
      tenant_id: bookingApiKeys.tenant_id,
      role: bookingApiKeys.role,
      staff_id: bookingApiKeys.staff_id,
      last_used_at: bookingApiKeys.last_used_at,
    })
    .from(bookingApiKeys)
    .innerJoin(bookingTenants, eq(bookingTenants.id, bookingApiKeys.tenant_id))
    .where(
      and(
        eq(bookingApiKeys.key_hash, keyHash),
        isNull(bookingApiKeys.revoked_at),
        eq(bookingTenants.status, 'active'),
      ),
    )
    .limit(1);
  return key;
}

export async function touchApiKey(db: Database, keyId: string): Promise<void> {
  await db
    .update(bookingApiKeys)
    .set({ last_used_at: new Date() })
    .where(eq(bookingApiKeys.id, keyId));
}
