import {
  type Location,
  type LocationCreate,
  type LocationUpdate,
  locationSchema,
} from '@booksprintz/shared';
import { asc, eq, ne } from 'drizzle-orm';
import { lockRow, lockTenant } from '../../db/row-lock.ts';
import { bookingLocations } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { assertBelowPlanLimit } from '../tenants/plan-limits.ts';

const notFound = () => new ApiError('not_found', 'No such location.');

export async function listLocations(tdb: TenantDb): Promise<Location[]> {
  const rows = await tdb.list(bookingLocations, {
    where: ne(bookingLocations.status, 'archived'),
    orderBy: [asc(bookingLocations.display_order), asc(bookingLocations.name)],
  });
  return rows.map((row) => toResponse(locationSchema, row));
}

export async function getLocation(tdb: TenantDb, locationId: string): Promise<Location> {
  const row = await tdb.get(bookingLocations, locationId);
  if (!row) throw notFound();
  return toResponse(locationSchema, row);
}

export async function createLocation(tdb: TenantDb, input: LocationCreate): Promise<Location> {
  assertPrimaryIsLive(input);
  const row = await tdb.transaction(async (tx) => {
    if (input.status !== 'archived') {
      await lockTenant(tx);
      await assertBelowPlanLimit(tx, 'locations');
    }
    const timezone = input.timezone ?? (await tx.tenant())?.timezone;
    if (!timezone) throw new ApiError('not_found', 'No such tenant.');
    if (input.is_primary) await unsetPrimary(tx);
    return tx.insert(bookingLocations, { ...input, timezone });
  });
  return toResponse(locationSchema, row);
}

export async function updateLocation(
  tdb: TenantDb,
  locationId: string,
  patch: LocationUpdate,
): Promise<Location> {
  const row = await tdb.transaction(async (tx) => {
    const existing = await lockRow(tx, bookingLocations, locationId);
    if (!existing) throw notFound();
    const changes = { ...patch };
    // Archiving the primary location leaves the business without one rather than with an
    // archived one.
    if (changes.status === 'archived' && changes.is_primary === undefined) {
      changes.is_primary = false;
    }
    assertPrimaryIsLive({ ...existing, ...changes });
    if (existing.status === 'archived' && (changes.status ?? 'archived') !== 'archived') {
      await lockTenant(tx);
      await assertBelowPlanLimit(tx, 'locations');
    }
    if (changes.is_primary && !existing.is_primary) await unsetPrimary(tx);
    return tx.update(bookingLocations, locationId, { ...changes, updated_at: new Date() });
  });
  if (!row) throw notFound();
  return toResponse(locationSchema, row);
}

/** Archives: appointments and staff keep pointing at the location; it stops counting. */
export async function archiveLocation(tdb: TenantDb, locationId: string): Promise<void> {
  const row = await tdb.update(bookingLocations, locationId, {
    status: 'archived',
    is_primary: false,
    updated_at: new Date(),
  });
  if (!row) throw notFound();
}

/**
 * One primary location per tenant: the partial unique index enforces it, and making a
 * location primary first demotes the current one in the same transaction. Two requests
 * racing to set different primaries end with one of them answered 409 by the index.
 */
async function unsetPrimary(tdb: TenantDb): Promise<void> {
  await tdb
    .raw()
    .update(bookingLocations)
    .set({ is_primary: false, updated_at: new Date() })
    .where(tdb.scope(bookingLocations, eq(bookingLocations.is_primary, true)));
}

function assertPrimaryIsLive(location: { is_primary?: boolean; status?: string }): void {
  if (location.is_primary && location.status === 'archived') {
    throw new ApiError('validation_failed', 'An archived location cannot be the primary one.', {
      errors: [{ path: 'is_primary', message: 'an archived location cannot be primary' }],
    });
  }
}
