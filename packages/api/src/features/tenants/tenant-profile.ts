import type { TenantProfile } from '@booksprintz/shared';
import type { BookingTenant } from '../../db/schema/index.ts';

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
