import {
  checkServiceConsistency,
  type Service,
  type ServiceCreate,
  type ServiceUpdate,
  serviceSchema,
} from '@booksprintz/shared';
import { asc, eq, ne } from 'drizzle-orm';
import { lockRow, lockTenant } from '../../db/row-lock.ts';
import { bookingServices } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { assertDepositsPossible } from '../payments/payment-readiness.ts';
import { assertBelowPlanLimit } from '../tenants/plan-limits.ts';
import { assertConsistent, assertOwnReferences } from './references.ts';

const notFound = () => new ApiError('not_found', 'No such service.');

/** The tenant's services that are not archived, in the order the business chose. */
export async function listServices(tdb: TenantDb): Promise<Service[]> {
  const rows = await tdb.list(bookingServices, {
    where: ne(bookingServices.status, 'archived'),
    orderBy: [asc(bookingServices.display_order), asc(bookingServices.name)],
  });
  return rows.map((row) => toResponse(serviceSchema, row));
}

export async function getService(tdb: TenantDb, serviceId: string): Promise<Service> {
  const row = await tdb.get(bookingServices, serviceId);
  if (!row) throw notFound();
  return toResponse(serviceSchema, row);
}

export async function createService(tdb: TenantDb, input: ServiceCreate): Promise<Service> {
  await assertOwnReferences(tdb, 'staff', input.available_with_staff, 'available_with_staff');
  await assertOwnReferences(
    tdb,
    'location',
    input.available_at_locations,
    'available_at_locations',
  );
  if (input.deposit_required) await assertDepositsPossible(tdb);
  const row = await tdb.transaction(async (tx) => {
    await assertSlugFree(tx, input.slug);
    if (input.status !== 'archived') {
      await lockTenant(tx);
      await assertBelowPlanLimit(tx, 'services');
    }
    // A service is priced in the business's currency unless it says otherwise.
    const currency = input.currency ?? (await tx.tenant())?.currency;
    if (!currency) throw new ApiError('not_found', 'No such tenant.');
    return tx.insert(bookingServices, { ...input, currency });
  });
  return toResponse(serviceSchema, row);
}

/**
 * Applies a partial update. The cross-field rules are checked on the merged row, under a
 * row lock, so no sequence of updates can leave e.g. an individual service with a
 * capacity of 5 or a deposit larger than the price.
 */
export async function updateService(
  tdb: TenantDb,
  serviceId: string,
  patch: ServiceUpdate,
): Promise<Service> {
  const row = await tdb.transaction(async (tx) => {
    const existing = await lockRow(tx, bookingServices, serviceId);
    if (!existing) throw notFound();
    const merged = { ...existing, ...patch };
    assertConsistent((addIssue) => checkServiceConsistency(merged, addIssue));
    if (patch.available_with_staff) {
      await assertOwnReferences(tx, 'staff', patch.available_with_staff, 'available_with_staff');
    }
    if (patch.available_at_locations) {
      await assertOwnReferences(
        tx,
        'location',
        patch.available_at_locations,
        'available_at_locations',
      );
    }
    if (merged.deposit_required && !existing.deposit_required) await assertDepositsPossible(tx);
    if (patch.slug && patch.slug !== existing.slug) await assertSlugFree(tx, patch.slug);
    if (existing.status === 'archived' && merged.status !== 'archived') {
      // Bringing an archived service back counts against the plan like creating one.
      await lockTenant(tx);
      await assertBelowPlanLimit(tx, 'services');
    }
    return tx.update(bookingServices, serviceId, { ...patch, updated_at: new Date() });
  });
  if (!row) throw notFound();
  return toResponse(serviceSchema, row);
}

/**
 * Archives rather than deletes: appointments keep pointing at the service. It leaves the
 * public list and stops counting against the plan; its slug stays reserved.
 */
export async function archiveService(tdb: TenantDb, serviceId: string): Promise<void> {
  const row = await tdb.update(bookingServices, serviceId, {
    status: 'archived',
    updated_at: new Date(),
  });
  if (!row) throw notFound();
}

/** Slugs are unique per tenant (archived services included); the unique key backs this up. */
async function assertSlugFree(tdb: TenantDb, slug: string): Promise<void> {
  const taken = await tdb.count(bookingServices, eq(bookingServices.slug, slug));
  if (taken > 0) {
    throw new ApiError('conflict', `The slug "${slug}" is already used by another service.`, {
      errors: [{ path: 'slug', message: 'already taken' }],
    });
  }
}
