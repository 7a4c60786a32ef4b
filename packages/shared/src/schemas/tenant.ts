import { z } from 'zod';
import { currencyCode, hexColor, timeZone } from './common.ts';

/** `GET /api/booking/v1/:tenant` — what a widget needs to render the business. */
export const tenantProfileSchema = z.object({
  business_name: z.string(),
  timezone: timeZone,
  currency: currencyCode,
  locale: z.string(),
  logo_url: z.string().nullable(),
  primary_color: hexColor,
  booking_page_settings: z.record(z.string(), z.unknown()),
  /**
   * Whether the page asking (its `Origin`) may book: one of the business's allowed
   * domains, or no Origin at all. The profile is readable from any origin so a widget on
   * a page that is not allowed can say so instead of failing on CORS.
   */
  origin_allowed: z.boolean(),
});

export type TenantProfile = z.infer<typeof tenantProfileSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unavailable']),
});

export type Health = z.infer<typeof healthSchema>;
