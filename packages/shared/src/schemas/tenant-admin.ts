import { z } from 'zod';
import {
  currencyCode,
  email,
  hexColor,
  httpsUrl,
  instant,
  jsonRecord,
  line,
  phone,
  RESERVED_SUBDOMAINS,
  shortText,
  tenantSlug,
  timeZone,
  uuid,
} from './common.ts';
import { allowedDomain } from './widget.ts';

export const tenantMode = z.enum(['integrated', 'standalone', 'hybrid']);
export const planTier = z.enum(['free', 'starter', 'professional', 'enterprise']);
export const supportedLocale = z.enum(['en', 'es', 'fr']);

/** A slug a new tenant may take: well-formed and not a word the API or a host needs. */
export const newTenantSlug = tenantSlug.refine(
  (value) => !RESERVED_SUBDOMAINS.has(value),
  'this subdomain is reserved',
);

const businessFields = {
  name: shortText(),
  business_name: shortText(),
  subdomain: newTenantSlug,
  timezone: timeZone,
  currency: currencyCode.default('USD'),
  email,
  phone: phone.nullish(),
  business_type: shortText(100).nullish(),
  locale: supportedLocale.default('en'),
  logo_url: httpsUrl.nullish(),
  primary_color: hexColor.optional(),
  allowed_domains: z.array(allowedDomain).max(50).default([]),
};

/** `POST /tenants` with the platform key (SiteSprintz, integrated mode). */
export const tenantCreateSchema = z.strictObject({
  ...businessFields,
  mode: tenantMode.default('integrated'),
  plan_tier: planTier.default('free'),
  sitesprintz_user_id: line(64).nullish(),
  sitesprintz_site_id: line(64).nullish(),
});

/** `POST /signup`: a standalone business and its owner's login. */
export const signupSchema = z.strictObject({
  ...businessFields,
  owner_name: shortText().optional(),
  password: z.string().min(10, 'use at least 10 characters').max(256),
});

/** `PUT /tenants/:id` with the tenant's key: business settings, not plan or mode. */
export const tenantUpdateSchema = z
  .strictObject({
    name: shortText(),
    business_name: shortText(),
    timezone: timeZone,
    currency: currencyCode,
    email,
    phone: phone.nullable(),
    business_type: shortText(100).nullable(),
    locale: supportedLocale,
    logo_url: httpsUrl.nullable(),
    primary_color: hexColor,
    booking_page_settings: jsonRecord(z.unknown()),
    allowed_domains: z.array(allowedDomain).max(50),
    hold_minutes: z.number().int().min(1).max(120),
    cancellation_window_hours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30),
    reminder_offsets_minutes: z
      .array(
        z
          .number()
          .int()
          .min(5)
          .max(30 * 24 * 60),
      )
      .max(5),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const tenantSchema = z.object({
  id: uuid,
  name: z.string(),
  business_name: z.string(),
  subdomain: z.string(),
  mode: tenantMode,
  plan_tier: planTier,
  timezone: z.string(),
  currency: z.string(),
  locale: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  business_type: z.string().nullable(),
  logo_url: z.string().nullable(),
  primary_color: z.string(),
  booking_page_settings: z.record(z.string(), z.unknown()),
  allowed_domains: z.array(z.string()),
  max_staff: z.number().int(),
  max_services: z.number().int(),
  max_locations: z.number().int(),
  hold_minutes: z.number().int(),
  cancellation_window_hours: z.number().int(),
  reminder_offsets_minutes: z.array(z.number().int()),
  status: z.string(),
  created_at: instant,
  updated_at: instant,
});

export const tenantCreatedSchema = z.object({ tenant: tenantSchema, api_key: z.string() });

export type TenantCreate = z.infer<typeof tenantCreateSchema>;
export type Signup = z.infer<typeof signupSchema>;
export type TenantUpdate = z.infer<typeof tenantUpdateSchema>;
export type Tenant = z.infer<typeof tenantSchema>;
