import type { ProfileInclude, TenantProfile, TenantProfileWithLists } from '@booksprintz/shared';
import type { BookingTenant } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { readPublicLists } from '../catalog/public-lists.ts';

/**
 * The public face of a tenant: what a widget needs to render the business, and whether
 * the page asking may book (`originAllowed`).
 */
export function getTenantProfile(tenant: BookingTenant, originAllowed = true): TenantProfile {
  return {
    business_name: tenant.business_name,
    timezone: tenant.timezone,
    currency: tenant.currency,
    locale: tenant.locale,
    logo_url: tenant.logo_url,
    primary_color: tenant.primary_color,
    booking_page_settings: tenant.booking_page_settings,
    origin_allowed: originAllowed,
  };
}

/**
 * The profile with the lists `include` names (a widget's one first request). The profile
 * is readable from any page; the lists are not (their own routes refuse pages the business
 * has not allowed, by CORS), so a page that may not book gets the profile alone. Without
 * `include` no query is made: the profile comes from the tenant cache.
 */
export async function getTenantProfileWithLists(
  tdb: TenantDb,
  tenant: BookingTenant,
  originAllowed: boolean,
  include: readonly ProfileInclude[] = [],
): Promise<TenantProfileWithLists> {
  const profile = getTenantProfile(tenant, originAllowed);
  if (!originAllowed || include.length === 0) return profile;
  return { ...profile, ...(await readPublicLists(tdb, include)) };
}
