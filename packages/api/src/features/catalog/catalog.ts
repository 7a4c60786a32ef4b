import {
  isUuid,
  type PublicStaff,
  publicStaffSchema,
  type Service,
  serviceSchema,
  slug,
} from '@booksprintz/shared';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { bookingLocations, bookingServices, bookingStaff } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';

/** `id = ref` for a UUID, else `slug = ref` (staff and location slugs are generated from names). */
function byIdOrSlug(
  idColumn: PgColumn,
  slugColumn: PgColumn | undefined,
  ref: string,
): SQL | undefined {
  if (isUuid(ref)) return eq(idColumn, ref.toLowerCase());
  // Nothing that is not a well-formed slug can be one (a NUL byte would reach Postgres).
  return slugColumn && slug.safeParse(ref).success ? eq(slugColumn, ref) : undefined;
}

const bookableService = and(
  eq(bookingServices.status, 'active'),
  eq(bookingServices.online_booking_enabled, true),
);

export async function findBookableService(tdb: TenantDb, ref: string) {
  const match = byIdOrSlug(bookingServices.id, bookingServices.slug, ref);
  const [service] = match
    ? await tdb.list(bookingServices, { where: and(match, bookableService), limit: 1 })
    : [];
  if (!service) throw new ApiError('not_found', `No bookable service "${ref.slice(0, 100)}".`);
  return service;
}

export async function findActiveStaff(tdb: TenantDb, ref: string) {
  const match = byIdOrSlug(bookingStaff.id, bookingStaff.slug, ref);
  const [staff] = match
    ? await tdb.list(bookingStaff, {
        where: and(match, eq(bookingStaff.status, 'active')),
        // Slugs are not unique: the first by display order, as the list shows them.
        orderBy: [asc(bookingStaff.display_order), asc(bookingStaff.name)],
        limit: 1,
      })
    : [];
  if (!staff) throw new ApiError('not_found', `No staff member "${ref.slice(0, 100)}".`);
  return staff;
}

export async function findActiveLocation(tdb: TenantDb, ref: string) {
  const match = byIdOrSlug(bookingLocations.id, bookingLocations.slug, ref);
  const [location] = match
    ? await tdb.list(bookingLocations, {
        where: and(match, eq(bookingLocations.status, 'active')),
        orderBy: [asc(bookingLocations.display_order), asc(bookingLocations.name)],
        limit: 1,
      })
    : [];
  if (!location) throw new ApiError('not_found', `No location "${ref.slice(0, 100)}".`);
  return location;
}

export async function getPublicService(tdb: TenantDb, ref: string): Promise<Service> {
  return toResponse(serviceSchema, await findBookableService(tdb, ref));
}

export async function getPublicStaff(tdb: TenantDb, ref: string): Promise<PublicStaff> {
  return toResponse(publicStaffSchema, await findActiveStaff(tdb, ref));
}
