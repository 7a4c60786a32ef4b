import { z } from 'zod';
import { currencyCode, hexColor, timeZone } from './common.ts';
import { locationSchema } from './location.ts';
import { serviceSchema } from './service.ts';
import { publicStaffSchema } from './staff.ts';

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

/** The lists `GET /:tenant?include=…` can answer beside the profile. */
export const PROFILE_INCLUDES = ['services', 'staff', 'locations'] as const;
export type ProfileInclude = (typeof PROFILE_INCLUDES)[number];

/**
 * `GET /api/booking/v1/:tenant?include=services,staff,locations`: a widget's first
 * request. Not strict: the profile answered any query before `include` existed.
 */
export const tenantProfileQuerySchema = z.object({
  /** Lists to add, comma-separated: `services,staff,locations`. */
  include: z
    .string()
    .transform((names) => names.split(','))
    .pipe(z.array(z.enum(PROFILE_INCLUDES)))
    .optional(),
});

/**
 * The profile with the lists `include` names, each exactly the `data` of its own route
 * (`/services`, `/staff`, `/locations`), so a widget starts with one request. A page that
 * may not book (`origin_allowed: false`) gets the profile alone: those routes refuse it
 * by CORS too.
 */
export const tenantProfileWithListsSchema = tenantProfileSchema.extend({
  services: z.array(serviceSchema).optional(),
  staff: z.array(publicStaffSchema).optional(),
  locations: z.array(locationSchema).optional(),
});

export type TenantProfileWithLists = z.infer<typeof tenantProfileWithListsSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unavailable']),
});

export type Health = z.infer<typeof healthSchema>;
