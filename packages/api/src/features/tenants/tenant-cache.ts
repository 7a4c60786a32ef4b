import type { Database } from '../../db/client.ts';
import { findActiveTenantBySlug } from '../../db/lookups.ts';
import type { BookingTenant } from '../../db/schema/index.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import { allowedDomains } from './allowed-origins.ts';

export interface PublicTenant {
  tenant: BookingTenant;
  /** Its own allowed domains plus its active widgets'. */
  allowed: string[];
}

/**
 * Every public request starts by resolving the slug and the allowed domains; both
 * change rarely, so an isolate keeps them for a few seconds. Changes made through this
 * isolate drop the entry at once (`forgetTenant`); other isolates see a change within
 * TTL_MS. Bookings and availability never read from here — only the business's
 * settings do.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;
const bySlug = new Map<string, PublicTenant & { at: number }>();

export async function publicTenantBySlug(
  database: Database | (() => Database),
  slug: string,
): Promise<PublicTenant | undefined> {
  const cached = bySlug.get(slug);
  if (cached && Date.now() - cached.at < TTL_MS) return cached;
  // Opened only now: a request served from here sets up no database pool.
  const db = typeof database === 'function' ? database() : database;
  const tenant = await findActiveTenantBySlug(db, slug);
  if (!tenant) {
    bySlug.delete(slug);
    return undefined;
  }
  const allowed = await allowedDomains(new TenantDb(db, tenant.id), tenant.allowed_domains);
  if (bySlug.size >= MAX_ENTRIES) bySlug.delete(bySlug.keys().next().value ?? '');
  const entry = { tenant, allowed, at: Date.now() };
  bySlug.set(slug, entry);
  return entry;
}

/** Drops a tenant's cached settings after a change to the tenant or its widgets. */
export function forgetTenant(tenantId: string): void {
  for (const [slug, entry] of bySlug) if (entry.tenant.id === tenantId) bySlug.delete(slug);
}
