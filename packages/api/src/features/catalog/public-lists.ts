/**
 * What a customer may browse — the bookable services, the active staff and locations, in
 * display order — read as one statement that Postgres answers as a JSON document (issue
 * 21). `/services`, `/staff` and `/locations` each read their own part; the profile's
 * `include` reads the parts it names in the same single round trip, so a widget's first
 * screen costs one request and one query instead of four and three.
 */
import {
  type Location,
  locationSchema,
  type ProfileInclude,
  type PublicStaff,
  publicStaffSchema,
  type Service,
  serviceSchema,
} from '@booksprintz/shared';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowFromJson } from '../../db/json-rows.ts';
import { type PgFragment, pg, pgJoin, pgRaw } from '../../db/pg-text.ts';
import { bookingLocations, bookingServices, bookingStaff } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toResponse } from '../../http/serialize.ts';

export interface PublicLists {
  services?: Service[];
  staff?: PublicStaff[];
  locations?: Location[];
}

/**
 * Per list: its table, which rows are public, and the response shape. Services must be
 * active and bookable online (as `findBookableService` asks); staff and locations active.
 * Ties in display order go by name, as the admin lists show them.
 */
const LISTS = {
  services: {
    table: bookingServices,
    name: 'booking_services',
    where: pgRaw(`and r.status = 'active' and r.online_booking_enabled`),
    schema: serviceSchema,
  },
  staff: {
    table: bookingStaff,
    name: 'booking_staff',
    where: pgRaw(`and r.status = 'active'`),
    schema: publicStaffSchema,
  },
  locations: {
    table: bookingLocations,
    name: 'booking_locations',
    where: pgRaw(`and r.status = 'active'`),
    schema: locationSchema,
  },
} satisfies Record<
  ProfileInclude,
  { table: PgTable; name: string; where: PgFragment; schema: unknown }
>;

/** The named lists of this tenant, in one statement. */
export async function readPublicLists(
  tdb: TenantDb,
  names: readonly ProfileInclude[],
): Promise<PublicLists> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return {};
  const parts = wanted.map((key) => {
    const list = LISTS[key];
    return pg`${key}::text, (select coalesce(json_agg(r order by r.display_order, r.name), '[]')
      from ${pgRaw(list.name)} r where r.tenant_id = ${tdb.tenantId} ${list.where})`;
  });
  const [row] = await tdb.query<{ doc: Record<ProfileInclude, Record<string, unknown>[]> }>(
    pg`select json_build_object(${pgJoin(parts, ', ')}) as doc`,
  );
  const lists: PublicLists = {};
  for (const key of wanted) {
    const { table, schema } = LISTS[key];
    // As drizzle would have returned the rows, then shaped as every other response.
    (lists as Record<string, unknown>)[key] = row!.doc[key].map((json) =>
      toResponse(schema, rowFromJson(table, json)),
    );
  }
  return lists;
}

export async function listPublicServices(tdb: TenantDb): Promise<Service[]> {
  return (await readPublicLists(tdb, ['services'])).services!;
}

export async function listPublicStaff(tdb: TenantDb): Promise<PublicStaff[]> {
  return (await readPublicLists(tdb, ['staff'])).staff!;
}

export async function listPublicLocations(tdb: TenantDb): Promise<Location[]> {
  return (await readPublicLists(tdb, ['locations'])).locations!;
}
