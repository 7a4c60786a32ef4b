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
});

export type TenantProfile = z.infer<typeof tenantProfileSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unavailable']),
});

export type Health = z.infer<typeof healthSchema>;
