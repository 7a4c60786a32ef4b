/**
 * What one computed availability answer reads, in one statement (issue 21: it was up
 * to eight): the service, staff member and location the query names (by id or slug, as
 * the catalog resolves them), and the engine's context for the range — built by
 * Postgres as one JSON document and sent as its text. The tenant's `TenantAvailability`
 * object reads it on a kept connection, with the availability version in the same
 * statement when it has nothing kept for the query (one snapshot: the document is
 * exactly the version it is filed under), and hands the text to the Worker that computes,
 * which parses it once.
 */
import { type AvailabilityQueryInput, isUuid, slug } from '@booksprintz/shared';
import { rowFromJson } from '../../db/json-rows.ts';
import { type PgFragment, pg } from '../../db/pg-text.ts';
import { type BookingService, bookingServices } from '../../db/schema/index.ts';
import { ApiError } from '../../http/api-error.ts';
import type { LoadedContext } from './context.ts';
import {
  type ContextJson,
  type ContextScope,
  contextFromJson,
  contextParts,
  occupancyAggregate,
} from './context-query.ts';

const DAY_MS = 86_400_000;

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

/** The first and last dates a query asks for. */
export function queryDates(query: AvailabilityQueryInput): { startDate: string; endDate: string } {
  return {
    startDate: query.date ?? query.start_date ?? '',
    endDate: query.date ?? query.end_date ?? '',
  };
}

/**
 * What a query's document depends on: every parameter but the display zone, which only
 * the engine reads (a range asked as `date` or as equal start and end dates is one).
 */
export function documentKey(query: AvailabilityQueryInput): string {
  const { startDate, endDate } = queryDates(query);
  return [
    query.service_id,
    query.staff_id ?? '',
    query.location_id ?? '',
    `${startDate}/${endDate}`,
  ].join('\n');
}

/**
 * The statement reading the document for `query` as text (`doc`), when the first hold in
 * it lapses (`lapses`, epoch ms as text, or null), and the tenant's availability version
 * (cache.ts) as `version`, all from the same snapshot.
 * Occupancies and busy time are read with two days' margin each side of the dates (for
 * zones and buffers); holds that lapsed before `now` are left out. Throws `not_found`
 * when the service reference cannot name a service (no statement needed).
 */
export function availabilityDocumentStatement(
  tenantId: string,
  query: AvailabilityQueryInput,
  now: Date,
): PgFragment {
  const serviceMatch = byIdOrSlug(query.service_id);
  if (!serviceMatch) throw notFound.service(query.service_id);
  const staffMatch = query.staff_id === undefined ? undefined : byIdOrSlug(query.staff_id);
  const locationMatch = query.location_id === undefined ? undefined : byIdOrSlug(query.location_id);
  // Slugs are not unique for staff and locations: the first as the lists order them.
  const staffId = staffMatch
    ? pg`(select id from booking_staff where tenant_id = ${tenantId} and status = 'active'
        and ${staffMatch} order by display_order, name limit 1)`
    : query.staff_id === undefined
      ? null
      : pg`null::uuid`;
  const locationId = locationMatch
    ? pg`(select id from booking_locations where tenant_id = ${tenantId} and status = 'active'
        and ${locationMatch} order by display_order, name limit 1)`
    : pg`null::uuid`;
  const { startDate, endDate } = queryDates(query);
  const scope: ContextScope = {
    tenantId,
    serviceId: pg`(select id from svc)`,
    staffIds: staffId,
    from: new Date(Date.parse(startDate) - 2 * DAY_MS),
    to: new Date(Date.parse(endDate) + 3 * DAY_MS),
    now,
  };
  // The first line names the statement in Postgres's log (round-trips.test.ts).
  return pg`/* availability document and version */ with svc as (
      select * from booking_services
      where tenant_id = ${tenantId} and status = 'active' and online_booking_enabled
        and ${serviceMatch}
      limit 1
    ), occ as (${occupancyAggregate(scope)})
    select (select coalesce(sum(version), 0)::text from booking_availability_versions
        where tenant_id = ${tenantId}) as version, json_build_object(
      'timezone', (select timezone from booking_tenants where id = ${tenantId}),
      'service', (select row_to_json(svc) from svc),
      'staff_id', ${staffId ?? pg`null::uuid`},
      'location_id', ${locationId},
      ${contextParts(scope, pg`(select columns from occ)`)}
    )::text as doc, (select lapses from occ) as lapses`;
}

export interface AvailabilityDocument {
  /** The business's zone, read with the rest (the Worker's copy of the tenant may lag). */
  timezone: string;
  service: BookingService;
  staffId: string | null;
  locationId: string | null;
  context: LoadedContext;
}

/** The document's text as the engine's input; `not_found` for a reference that named nothing. */
export function parseAvailabilityDocument(
  text: string | undefined,
  query: AvailabilityQueryInput,
): AvailabilityDocument {
  const doc = (text === undefined ? undefined : JSON.parse(text)) as
    | (ContextJson & {
        timezone: string | null;
        service: Record<string, unknown> | null;
        staff_id: string | null;
        location_id: string | null;
      })
    | undefined;
  if (!doc?.service || !doc.timezone) throw notFound.service(query.service_id);
  if (query.staff_id !== undefined && !doc.staff_id) throw notFound.staff(query.staff_id);
  if (query.location_id !== undefined && !doc.location_id)
    throw notFound.location(query.location_id);
  const { staffRows: _rows, ...context } = contextFromJson(doc, doc.timezone);
  return {
    timezone: doc.timezone,
    service: rowFromJson(bookingServices, doc.service),
    staffId: doc.staff_id,
    locationId: doc.location_id,
    context,
  };
}
