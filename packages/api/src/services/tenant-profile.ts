import { type TenantProfile, tenantSlug } from '@booksprintz/shared';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { bookingTenants } from '../db/schema/index.ts';
import { ApiError } from '../errors/api-error.ts';

/** The public face of an active tenant, looked up by its subdomain slug. */
export async function getTenantProfile(db: Database, slug: string): Promise<TenantProfile> {
  // A malformed slug cannot name a tenant: answer as for an unknown one, without a query.
  if (!tenantSlug.safeParse(slug).success) throw tenantNotFound(slug);
  const [tenant] = await db
    .select({
      business_name: bookingTenants.business_name,
      timezone: bookingTenants.timezone,
      currency: bookingTenants.currency,
      locale: bookingTenants.locale,
      logo_url: bookingTenants.logo_url,
      primary_color: bookingTenants.primary_color,
      booking_page_settings: bookingTenants.booking_page_settings,
    })
    .from(bookingTenants)
    .where(and(eq(bookingTenants.subdomain, slug), eq(bookingTenants.status, 'active')))
    .limit(1);
  if (!tenant) throw tenantNotFound(slug);
  return tenant;
}

function tenantNotFound(slug: string): ApiError {
  return new ApiError('not_found', `No business is booked under "${slug.slice(0, 63)}".`);
}
