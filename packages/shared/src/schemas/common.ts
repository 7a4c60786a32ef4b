import { z } from 'zod';

/** Words a tenant slug may not take: they name API routes or hosts. */
export const RESERVED_SUBDOMAINS = new Set([
  'health',
  'tenants',
  'signup',
  'webhooks',
  'oauth',
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

/**
 * Zones already checked: building a formatter per request was the availability
 * route's costliest validation step (issue 21).
 */
const knownZones = new Set<string>();
const MAX_KNOWN_ZONES = 2000;

/** True when the runtime's ICU knows the IANA zone. */
export function isValidTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  // Only names the runtime accepts are kept, and only so many (ICU also accepts other
  // spellings of each, e.g. in lower case): bad or odd names cannot grow it.
  if (knownZones.size < MAX_KNOWN_ZONES) knownZones.add(zone);
  return true;
}

export const timeZone = z.string().max(100).refine(isValidTimeZone, 'must be an IANA time zone');

/**
 * The years a date or instant may name. Nothing is booked before 2000 or after 2199;
 * and a lookup window around `9999-12-31` would cross year 10000, past what Postgres
 * and Luxon can hold (a 500 before this bound).
 */
export const YEAR_RANGE = { min: 2000, max: 2199 } as const;

function inYearRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= YEAR_RANGE.min && year <= YEAR_RANGE.max;
}

const YEAR_MESSAGE = `must be in the years ${YEAR_RANGE.min}–${YEAR_RANGE.max}`;

export const isoDate = z.iso.date().refine(inYearRange, YEAR_MESSAGE);

/** Any RFC 3339 instant with an offset, within `YEAR_RANGE`; the API answers in UTC. */
export const instantInput = z.iso
  .datetime({ offset: true })
  .refine(
    (value) => Number.isNaN(Date.parse(value)) || inYearRange(new Date(value).toISOString()),
    YEAR_MESSAGE,
  );

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

export const minutes = (max = 24 * 60) => z.number().int().min(0).max(max);

/**
 * Characters no single-line field may hold: C0 controls (NUL included: Postgres text
 * refuses it), DEL, C1 controls, lone UTF-16 surrogates, and the bidirectional
 * embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069, U+061C).
 * Names end up in e-mail subjects, calendar titles and the dashboard; a right-to-left
 * override there is how a subject or file name gets spoofed ("Trojan Source"), and a
 * name never needs one (Arabic and Hebrew names render right without them).
 */
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\u061c\u202a-\u202e\u2066-\u2069\p{Cs}]/u;
/**
 * Multi-line text (notes, descriptions, bios) may hold tab, line feed and carriage
 * return, and bidi controls (mixed-direction paragraphs use them); no other control.
 */
const MULTI_LINE_FORBIDDEN = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;
const FORBIDDEN_MESSAGE = 'must not contain control characters';

/** True when `value` may be stored in a single-line field. */
export function isCleanLine(value: string): boolean {
  return !SINGLE_LINE_FORBIDDEN.test(value);
}

/** True when `value` may be stored in a multi-line field. */
export function isCleanText(value: string): boolean {
  return !MULTI_LINE_FORBIDDEN.test(value);
}

/**
 * A single-line free-text field (names, titles, keys): trimmed, 1–`max` characters,
 * no control or bidi-override character.
 */
export const line = (max = 255) =>
  z.string().trim().min(1).max(max).refine(isCleanLine, FORBIDDEN_MESSAGE);

/** Free multi-line text (notes, descriptions, reasons): up to `max`, tabs and newlines allowed. */
export const text = (max = 5000) => z.string().max(max).refine(isCleanText, FORBIDDEN_MESSAGE);

export const httpsUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine(isCleanLine, FORBIDDEN_MESSAGE);

/** Older names of `line` and `text`. */
export const shortText = line;
export const longText = text;

/** Limits of a free-form JSON value a client may store (settings, themes, answers). */
export interface JsonLimits {
  /** Nesting of objects and arrays; the record itself is depth 1. */
  maxDepth: number;
  /** Its size as JSON text, in UTF-8 bytes. */
  maxBytes: number;
  maxKeyLength: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 8, maxBytes: 16_384, maxKeyLength: 100 };

/**
 * Where a free-form JSON value breaks a rule, or undefined when it is fine: too deep
 * (a 10,000-deep value can be stored but Postgres cannot then read it back), too big,
 * a key or string with a control character, or a number JSON cannot hold. Walks with
 * its own stack, so a hostile depth cannot overflow ours.
 */
export function jsonProblem(
  value: unknown,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): { path: Array<string | number>; message: string } | undefined {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: Array<string | number> };
    const current = item.value;
    if (typeof current === 'string') {
      if (!isCleanText(current)) return { path: item.path, message: FORBIDDEN_MESSAGE };
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current)) return { path: item.path, message: 'must be a finite number' };
    } else if (current !== null && typeof current === 'object') {
      if (item.path.length >= limits.maxDepth) {
        return { path: item.path, message: `nested deeper than ${limits.maxDepth} levels` };
      }
      const entries = Array.isArray(current)
        ? current.map((entry, index) => [index, entry] as const)
        : Object.entries(current);
      for (const [key, entry] of entries) {
        if (typeof key === 'string' && (key.length > limits.maxKeyLength || !isCleanLine(key))) {
          return {
            path: [...item.path, key.slice(0, 100)],
            message: `keys are 1–${limits.maxKeyLength} characters without control characters`,
          };
        }
        stack.push({ value: entry, path: [...item.path, key] });
      }
    }
  }
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > limits.maxBytes) {
    return { path: [], message: `at most ${limits.maxBytes} bytes as JSON` };
  }
  return undefined;
}

/**
 * A free-form JSON object a client stores and gets back (booking page settings, widget
 * themes, booking answers): `values` types each entry; the whole stays within `limits`.
 */
export const jsonRecord = <V extends z.ZodType>(values: V, limits: Partial<JsonLimits> = {}) => {
  const all = { ...DEFAULT_JSON_LIMITS, ...limits };
  return z
    .record(z.string().min(1).max(all.maxKeyLength).refine(isCleanLine, FORBIDDEN_MESSAGE), values)
    .superRefine((record, ctx) => {
      const problem = jsonProblem(record, all);
      if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    });
};

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
