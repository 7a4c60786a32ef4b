import type { z } from 'zod';

/** RFC 3339 UTC with whole seconds, the API's one instant format. */
export function toInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function plain(value: unknown): unknown {
  if (value instanceof Date) return toInstant(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/**
 * Shapes a database row as the contract's response object: instants as strings, and
 * only the schema's fields (zod strips the rest: tenant ids, hashes, ciphertexts).
 * A row that does not fit the contract is our bug, so it fails loudly as a 500.
 */
export function toResponse<T extends z.ZodType>(schema: T, row: object): z.infer<T> {
  const shaped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) shaped[key] = plain(value);
  const result = schema.safeParse(shaped);
  if (!result.success) {
    throw new Error(`response does not fit its schema: ${result.error.message}`);
  }
  return result.data;
}
