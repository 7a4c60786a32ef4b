/**
 * What one computed availability answer reads, in one statement (issue 21: it was up
 * to eight): the service, staff member and location the query names (by id or slug, as
 * the catalog resolves them), and the engine's context for the range.
 */
import { isUuid, slug } from '@booksprintz/shared';
import { rowFromJson } from '../../db/json-rows.ts';
import { type PgFragment, pg } from '../../db/pg-text.ts';
import { type BookingService, bookingServices } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import type { LoadedContext } from './context.ts';
import { type ContextJson, contextFromJson, contextParts } from './context-query.ts';

export interface AvailabilityDocumentRequest {
  serviceRef: string;
  staffRef?: string | undefined;
  locationRef?: string | undefined;
  from: Date;
  to: Date;
  now: Date;
}

/** `id = ref` for a UUID, else `slug = ref`; undefined when the reference can be neither. */
function byIdOrSlug(ref: string): PgFragment | undefined {
  if (isUuid(ref)) return pg`id = ${ref.toLowerCase()}::uuid`;
  // Nothing that is not a well-formed slug can be one (a NUL byte would reach Postgres).
  return slug.safeParse(ref).success ? pg`slug = ${ref}` : undefined;
}

const notFound = {
  service: (ref: string) =>
    new ApiError('not_found', `No bookable service "${ref.slice(0, 100)}".`),
  staff: (ref: string) => new ApiError('not_found', `No staff member "${ref.slice(0, 100)}".`),
  location: (ref: string) => new ApiError('not_found', `No location "${ref.slice(0, 100)}".`),
};

export async function loadAvailabilityDocument(
  tdb: TenantDb,
  request: AvailabilityDocumentRequest,
): Promise<{
  /** The business's zone, read with the rest (the Worker's copy of the tenant may lag). */
  timezone: string;
  service: BookingService;
  staffId: string | null;
  locationId: string | null;
  context: LoadedContext;
}> {
  const tenantId = tdb.tenantId;
  const { serviceRef, staffRef, locationRef } = request;
  const serviceMatch = byIdOrSlug(serviceRef);
  if (!serviceMatch) throw notFound.service(serviceRef);
  const staffMatch = staffRef === undefined ? undefined : byIdOrSlug(staffRef);
  const locationMatch = locationRef === undefined ? undefined : byIdOrSlug(locationRef);
  // Slugs are not unique for staff and locations: the first as the lists order them.
  const staffId = staffMatch
    ? pg`(select id from booking_staff where tenant_id = ${tenantId} and status = 'active'
        and ${staffMatch} order by display_order, name limit 1)`
    : staffRef === undefined
      ? null
      : pg`null::uuid`;
  const locationId = locationMatch
    ? pg`(select id from booking_locations where tenant_id = ${tenantId} and status = 'active'
        and ${locationMatch} order by display_order, name limit 1)`
    : pg`null::uuid`;
  const rows = await tdb.query<{
    doc: ContextJson & {
      timezone: string | null;
      service: Record<string, unknown> | null;
      staff_id: string | null;
      location_id: string | null;
    };
  }>(pg`
    with svc as (
      select * from booking_services
      where tenant_id = ${tenantId} and status = 'active' and online_booking_enabled
        and ${serviceMatch}
      limit 1
    )
    select json_build_object(
      'timezone', (select timezone from booking_tenants where id = ${tenantId}),
      'service', (select row_to_json(svc) from svc),
      'staff_id', ${staffId ?? pg`null::uuid`},
      'location_id', ${locationId},
      ${contextParts({
        tenantId,
        serviceId: pg`(select id from svc)`,
        staffIds: staffId,
        from: request.from,
        to: request.to,
        now: request.now,
      })}
    ) as doc`);
  const doc = rows[0]?.doc;
  if (!doc?.service || !doc.timezone) throw notFound.service(serviceRef);
  if (staffRef !== undefined && !doc.staff_id) throw notFound.staff(staffRef);
  if (locationRef !== undefined && !doc.location_id) throw notFound.location(locationRef);
  const { staffRows: _rows, ...context } = contextFromJson(doc, doc.timezone);
  return {
    timezone: doc.timezone,
    service: rowFromJson(bookingServices, doc.service),
    staffId: doc.staff_id,
    locationId: doc.location_id,
    context,
  };
}
