import { z } from 'zod';

/** Words a tenant slug may not take: they name API routes or hosts. */
export const RESERVED_SUBDOMAINS = new Set([
  'health',
  'tenants',
  'signup',
  'webhooks',
  'openapi.json',
  'widget',
  'demo',
  'dev',
  'api',
  'www',
  'app',
  'admin',
]);

/** A tenant's subdomain slug: 3–63 of a-z, 0-9 and inner hyphens. */
export const tenantSlug = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/,
    'must be 3–63 characters of a-z, 0-9 and inner -',
  );

/** True when the runtime's ICU knows the IANA zone. */
export function isValidTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z.string().max(100).refine(isValidTimeZone, 'must be an IANA time zone');

export const isoDate = z.iso.date();

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #RRGGBB color');

export const uuid = z.uuid();

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A reference that is a row id (any case) rather than a slug. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Wall-clock time of day, 24 h `HH:MM`. */
export const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** A lower-case URL handle: `deep-tissue-massage`. */
export const slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by -');

export const email = z.email().max(255);

/** E.164-ish phone number: digits with an optional leading +, spaces and dashes allowed. */
export const phone = z
  .string()
  .max(50)
  .regex(/^\+?[0-9][0-9 ().-]{5,40}$/, 'must be a phone number');

export const httpsUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const minutes = (max = 24 * 60) => z.number().int().min(0).max(max);

export const shortText = (max = 255) => z.string().trim().min(1).max(max);

export const longText = (max = 5000) => z.string().max(max);

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner extends z.ZodType> ? Inner : T;

export type PatchShape<S extends Record<string, z.ZodType>> = {
  [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>>;
};

/**
 * A create schema's fields as an update (PUT) takes them: each optional, none defaulted.
 * Zod 4 applies defaults inside `.partial()`, so a partial create schema would quietly
 * reset every omitted field (renaming a staff member would put their role back to
 * `staff` and their buffers to 0).
 *
 * @example
 * const serviceUpdateSchema = z.strictObject(patchFields(serviceFields));
 */
export function patchFields<S extends Record<string, z.ZodType>>(fields: S): PatchShape<S> {
  const patch: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(fields)) {
    patch[name] = (
      field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field
    ).optional();
  }
  return patch as PatchShape<S>;
}

/** `?limit=` of a paginated admin list: 1–100, default 50. */
export const pageLimit = z.coerce.number().int().min(1).max(100).default(50);

/** `{ data: [...] }` — every list the API returns. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** Paginated admin lists add an opaque cursor for the next page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });

/** Every stored instant comes back as RFC 3339 UTC with whole seconds. */
export const instant = z.string();
