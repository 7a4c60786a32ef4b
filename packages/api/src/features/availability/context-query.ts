/**
 * The availability context as one statement (issue 21): staff, locations, rules,
 * occupancies and external busy time of one service, built by Postgres as a JSON
 * document, so the engine's input costs one round trip and no ORM row mapping. The
 * availability route and the booking lock's re-check embed the same parts in their own
 * documents (`contextParts`), next to whatever else they read in that statement.
 */
import type { Occupancy } from '@booksprintz/shared';
import { rowFromJson } from '../../db/json-rows.ts';
import { type PgFragment, pg, pgJoin } from '../../db/pg-text.ts';
import {
  type BookingStaff,
  bookingAvailabilityRules,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { LoadedContext } from './context.ts';
import { toEngineRule, toEngineStaff } from './context.ts';

export interface ContextScope {
  tenantId: string;
  /** An SQL expression giving the service's id (a parameter, or a subquery). */
  serviceId: PgFragment;
  /**
   * Only these staff members (active ones): ids, or an SQL expression giving one id (a
   * subquery resolving a reference); null = every active staff member.
   */
  staffIds: readonly string[] | PgFragment | null;
  /** Occupancies and busy time that overlap [from, to) count. */
  from: Date;
  to: Date;
  now: Date;
}

/** `'staff', …, 'busy', …`: the context's keys for a `json_build_object(…)`. */
export function contextParts(scope: ContextScope): PgFragment {
  const { tenantId, from, to, now } = scope;
  const staffFilter = !scope.staffIds
    ? pg``
    : !Array.isArray(scope.staffIds)
      ? pg`and s.id = ${scope.staffIds}`
      : scope.staffIds.length === 0
        ? pg`and false`
        : pg`and s.id in (${pgJoin(
            scope.staffIds.map((id) => pg`${id}::uuid`),
            ', ',
          )})`;
  const staffIds = pg`(select s.id from booking_staff s
      where s.tenant_id = ${tenantId} and s.status = 'active' ${staffFilter})`;
  return pg`
    'staff', (select coalesce(json_agg(s order by s.display_order, s.id), '[]')
      from booking_staff s where s.tenant_id = ${tenantId} and s.status = 'active' ${staffFilter}),
    'locations', (select coalesce(json_agg(json_build_object('id', l.id, 'timezone', l.timezone,
        'name', l.name, 'address_line1', l.address_line1, 'address_line2', l.address_line2,
        'city', l.city, 'state', l.state, 'postal_code', l.postal_code)
        order by l.display_order, l.name), '[]')
      from booking_locations l where l.tenant_id = ${tenantId} and l.status = 'active'),
    'rules', (select coalesce(json_agg(r), '[]') from booking_availability_rules r
      where r.tenant_id = ${tenantId} and (r.service_id is null or r.service_id = ${scope.serviceId})),
    'occupancies', (select coalesce(json_agg(json_build_object('id', o.id, 'staff_id', o.staff_id,
        'blocked_from', o.blocked_from, 'blocked_until', o.blocked_until, 'kind', o.kind,
        'service_id', o.service_id, 'seats_taken', o.seats_taken, 'capacity', o.capacity,
        'start_time', o.start_time, 'expires_at', o.expires_at)), '[]')
      from booking_occupancies o
      where o.tenant_id = ${tenantId} and o.staff_id in ${staffIds}
        and o.status in ('held', 'pending', 'confirmed')
        -- A seat hold takes a seat of its session, not time of its own.
        and o.session_occupancy_id is null
        and o.blocked_from < ${to} and o.blocked_until > ${from}
        -- An expired hold or unpaid booking no longer blocks, even before the alarm.
        and (o.expires_at is null or o.expires_at > ${now})),
    'busy', (select coalesce(json_agg(json_build_object('staff_id', b.staff_id,
        'starts_at', b.starts_at, 'ends_at', b.ends_at)), '[]')
      from booking_external_busy b
      where b.tenant_id = ${tenantId} and b.staff_id in ${staffIds}
        and b.starts_at < ${to} and b.ends_at > ${from})`;
}

interface OccupancyJson {
  id: string;
  staff_id: string;
  blocked_from: string;
  blocked_until: string;
  kind: string;
  service_id: string | null;
  seats_taken: number;
  capacity: number;
  start_time: string;
  expires_at: string | null;
}

/** An active location as the document lists it (what messages show of it, too). */
export interface LocationJson {
  id: string;
  timezone: string;
  name: string;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
}

/** The document's context parts as the engine reads them. */
export interface ContextJson {
  staff: Record<string, unknown>[];
  locations: LocationJson[];
  rules: Record<string, unknown>[];
  occupancies: OccupancyJson[];
  busy: { staff_id: string; starts_at: string; ends_at: string }[];
}

/** The engine's context from the document; `staff` rows as drizzle would give them. */
export function contextFromJson(
  doc: ContextJson,
  tenantZone: string,
  ignoreOccupancyId?: string | undefined,
): LoadedContext & { staffRows: BookingStaff[] } {
  const staffRows = doc.staff.map((row) => rowFromJson(bookingStaff, row));
  const locationZones = new Map(doc.locations.map((location) => [location.id, location.timezone]));
  const occupancies: Occupancy[] = [];
  let lapsesAt: Date | null = null;
  for (const row of doc.occupancies) {
    if (row.id === ignoreOccupancyId) continue;
    if (row.expires_at) {
      const expiresAt = new Date(row.expires_at);
      if (!lapsesAt || expiresAt < lapsesAt) lapsesAt = expiresAt;
    }
    occupancies.push({
      staff_id: row.staff_id,
      start: new Date(row.blocked_from),
      end: new Date(row.blocked_until),
      kind: row.kind as Occupancy['kind'],
      service_id: row.service_id,
      seats_taken: row.seats_taken,
      capacity: row.capacity,
      session_start: new Date(row.start_time),
    });
  }
  for (const row of doc.busy) {
    occupancies.push({
      staff_id: row.staff_id,
      start: new Date(row.starts_at),
      end: new Date(row.ends_at),
      kind: 'external',
    });
  }
  return {
    business_timezone: tenantZone,
    staff: staffRows.map((row) => toEngineStaff(row, locationZones, tenantZone)),
    locations: doc.locations.map((location) => ({ id: location.id, timezone: location.timezone })),
    rules: doc.rules.map((rule) => toEngineRule(rowFromJson(bookingAvailabilityRules, rule))),
    occupancies,
    lapsesAt,
    staffRows,
  };
}
