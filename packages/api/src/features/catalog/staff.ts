import { type Staff, type StaffCreate, type StaffUpdate, staffSchema } from '@booksprintz/shared';
import { and, asc, inArray, ne } from 'drizzle-orm';
import { lockRow, lockTenant } from '../../db/row-lock.ts';
import { bookingLocations, bookingStaff } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { assertBelowPlanLimit } from '../tenants/plan-limits.ts';

export async function listStaff(tdb: TenantDb): Promise<Staff[]> {
  const rows = await tdb.list(bookingStaff, {
    where: ne(bookingStaff.status, 'archived'),
    orderBy: [asc(bookingStaff.display_order), asc(bookingStaff.name)],
  });
  return rows.map((row) => toResponse(staffSchema, row));
}

export async function getStaff(tdb: TenantDb, staffId: string): Promise<Staff> {
  const row = await tdb.get(bookingStaff, staffId);
  if (!row) throw new ApiError('not_found', 'No such staff member.');
  return toResponse(staffSchema, row);
}

export async function createStaff(tdb: TenantDb, input: StaffCreate): Promise<Staff> {
  await assertOwnLocations(tdb, input.location_ids);
  const row = await tdb.transaction(async (tx) => {
    if (input.status !== 'archived') {
      // Two concurrent creates must not both count N−1 and both slip under the limit.
      await lockTenant(tx);
      await assertBelowPlanLimit(tx, 'staff');
    }
    return tx.insert(bookingStaff, { ...input, email: input.email?.toLowerCase() ?? null });
  });
  return toResponse(staffSchema, row);
}

export async function updateStaff(
  tdb: TenantDb,
  staffId: string,
  patch: StaffUpdate,
): Promise<Staff> {
  if (patch.location_ids) await assertOwnLocations(tdb, patch.location_ids);
  const row = await tdb.transaction(async (tx) => {
    const existing = await lockRow(tx, bookingStaff, staffId);
    if (!existing) throw new ApiError('not_found', 'No such staff member.');
    if (existing.status === 'archived' && patch.status && patch.status !== 'archived') {
      // Bringing an archived member back counts against the plan like hiring one.
      await lockTenant(tx);
      await assertBelowPlanLimit(tx, 'staff');
    }
    return tx.update(bookingStaff, staffId, {
      ...patch,
      ...(patch.email ? { email: patch.email.toLowerCase() } : {}),
      updated_at: new Date(),
    });
  });
  if (!row) throw new ApiError('not_found', 'No such staff member.');
  return toResponse(staffSchema, row);
}

/**
 * Archives rather than deletes: past appointments keep pointing at the person, and
 * the archived member drops out of availability and plan limits.
 */
export async function archiveStaff(tdb: TenantDb, staffId: string): Promise<void> {
  const row = await tdb.update(bookingStaff, staffId, {
    status: 'archived',
    updated_at: new Date(),
  });
  if (!row) throw new ApiError('not_found', 'No such staff member.');
}

/** Every id must be a location of this tenant: another tenant's id is as unknown as a typo. */
export async function assertOwnLocations(
  tdb: TenantDb,
  locationIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(locationIds)];
  if (unique.length === 0) return;
  const found = await tdb.list(bookingLocations, {
    where: and(inArray(bookingLocations.id, unique), ne(bookingLocations.status, 'archived')),
  });
  if (found.length !== unique.length) {
    const known = new Set(found.map((location) => location.id));
    throw new ApiError('validation_failed', 'Some locations do not exist.', {
      errors: unique
        .filter((id) => !known.has(id))
        .map((id) => ({ path: 'location_ids', message: `unknown location ${id}` })),
    });
  }
}
