import { and, inArray, ne } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { bookingLocations, bookingServices, bookingStaff } from '../../db/schema/index.ts';
import type { TenantDb, TenantTable } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';

const REFERABLE = {
  staff: bookingStaff,
  location: bookingLocations,
  service: bookingServices,
} as const satisfies Record<string, TenantTable & { status: PgColumn }>;

export type Referable = keyof typeof REFERABLE;

/**
 * Every id must name a live (not archived) staff member, location or service of this
 * tenant, or the request fails with 400 naming `field`. Another tenant's id is treated
 * exactly like a typo, so ids cannot be probed across tenants. The composite foreign
 * keys (where the schema has them) stay behind this as the last guard.
 *
 * @example
 * await assertOwnReferences(tdb, 'staff', input.available_with_staff, 'available_with_staff');
 */
export async function assertOwnReferences(
  tdb: TenantDb,
  kind: Referable,
  ids: ReadonlyArray<string | null | undefined>,
  field: string,
): Promise<void> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  if (unique.length === 0) return;
  const table = REFERABLE[kind];
  const found = await tdb.list(table, {
    where: and(inArray(table.id, unique), ne(table.status, 'archived')),
  });
  if (found.length === unique.length) return;
  const known = new Set(found.map((row) => row.id));
  throw new ApiError('validation_failed', `Some ${field} do not name a ${kind} of this business.`, {
    errors: unique
      .filter((id) => !known.has(id))
      .map((id) => ({ path: field, message: `unknown ${kind} ${id}` })),
  });
}

/** Throws a 400 listing cross-field problems found by a shared consistency checker. */
export function assertConsistent(
  check: (addIssue: (path: string, message: string) => void) => void,
): void {
  const errors: Array<{ path: string; message: string }> = [];
  check((path, message) => errors.push({ path, message }));
  if (errors.length > 0) {
    throw new ApiError('validation_failed', 'The request is not valid.', { errors });
  }
}
