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
