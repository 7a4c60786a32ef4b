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
  /**
   * Each occupancy with its id (`CompactOccupancy`'s last element): the booking path
   * leaves out the customer's own hold by id. The availability document has no use for
   * ids and leaves them out.
   */
  occupancyIds?: boolean;
}

/**
 * The instant in whole ms, the microseconds dropped, as `new Date(text)` reads it. Not
 * `floor(extract(epoch from x) * 1000)`, which is numeric arithmetic: for 200
 * occupancies' four instants that was ~0.3 ms of Postgres's ~1 ms document. `date_bin`
 * floors to the millisecond in integers; the float epoch of a whole millisecond, times
 * 1000, is then within 0.001 ms of an integer (up to the year ~19,000), which the cast
 * rounds to (availability-context-compact.test.ts compares the two on 2 million instants).
 */
export const epochMs = (column: PgFragment): PgFragment =>
  pg`(date_part('epoch', date_bin('1 millisecond', ${column}, '0001-01-01 00:00:00+00')) * 1000)::int8`;

/** `'staff', …, 'busy', …`: the context's keys for a `json_build_object(…)`. */
export function contextParts(scope: ContextScope): PgFragment {
  const { tenantId, from, to } = scope;
  const staffFilter = staffFilterOf(scope);
  const staffIds = scopeStaffIds(scope);
  // Arrays of epoch milliseconds, not objects with timestamps (issue 21: 200 occupancies
  // as objects were 70 KB of an 84 KB availability document, and formatting their
  // timestamps most of its Postgres time; 30 were 10 KB of a booking's document).
  const occupancy = pg`json_build_array(o.staff_id, ${epochMs(pg`o.blocked_from`)},
        ${epochMs(pg`o.blocked_until`)}, o.kind, o.service_id, o.seats_taken, o.capacity,
        ${epochMs(pg`o.start_time`)}, ${epochMs(pg`o.expires_at`)}${scope.occupancyIds ? pg`, o.id` : pg``})`;
  const occupancyRows = occupancyFilter(scope, staffIds);
  const busy = pg`json_build_array(b.staff_id, ${epochMs(pg`b.starts_at`)}, ${epochMs(pg`b.ends_at`)})`;
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
    'occupancies', (select coalesce(json_agg(${occupancy}), '[]')
      from booking_occupancies o where ${occupancyRows}),
    'busy', (select coalesce(json_agg(${busy}), '[]')
      from booking_external_busy b
      where b.tenant_id = ${tenantId} and b.staff_id in ${staffIds}
        and b.starts_at < ${to} and b.ends_at > ${from})`;
}

/** `and s.id …`: the staff members (alias `s`) a scope is limited to, if any. */
function staffFilterOf(scope: ContextScope): PgFragment {
  if (!scope.staffIds) return pg``;
  if (!Array.isArray(scope.staffIds)) return pg`and s.id = ${scope.staffIds}`;
  if (scope.staffIds.length === 0) return pg`and false`;
  return pg`and s.id in (${pgJoin(
    scope.staffIds.map((id) => pg`${id}::uuid`),
    ', ',
  )})`;
}

/** The active staff ids a scope reads occupancies and busy time of, as a subquery. */
function scopeStaffIds(scope: ContextScope): PgFragment {
  return pg`(select s.id from booking_staff s
      where s.tenant_id = ${scope.tenantId} and s.status = 'active' ${staffFilterOf(scope)})`;
}

/** The occupancies (alias `o`) a scope counts: what `contextParts` lists under `occupancies`. */
function occupancyFilter(scope: ContextScope, staffIds: PgFragment): PgFragment {
  const { tenantId, from, to, now } = scope;
  return pg`o.tenant_id = ${tenantId} and o.staff_id in ${staffIds}
        and o.status in ('held', 'pending', 'confirmed')
        -- A seat hold takes a seat of its session, not time of its own.
        and o.session_occupancy_id is null
        and o.blocked_from < ${to} and o.blocked_until > ${from}
        -- An expired hold or unpaid booking no longer blocks, even before the alarm.
        and (o.expires_at is null or o.expires_at > ${now})`;
}

/**
 * When the first occupancy `contextParts` lists lapses by itself (epoch ms, or null): a
 * context read for the scope is the one a read at a later moment would give, while no
 * write bumps the version, until then.
 */
export function contextLapses(scope: ContextScope): PgFragment {
  return pg`(select ${epochMs(pg`min(o.expires_at)`)} from booking_occupancies o
      where ${occupancyFilter(scope, scopeStaffIds(scope))})`;
}

/**
 * An occupancy as a document lists it: staff id, blocked from, blocked until (epoch ms),
 * kind, service id, seats taken, capacity, session start, expires at (epoch ms or null),
 * and its id when the scope asked for ids.
 */
type CompactOccupancy = [
  string,
  number,
  number,
  string,
  string | null,
  number,
  number,
  number,
  number | null,
  string?,
];
/** External busy time as a document lists it: staff id, starts at, ends at (epoch ms). */
type CompactBusy = [string, number, number];

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
  occupancies: CompactOccupancy[];
  busy: CompactBusy[];
}

/**
 * The engine's context from the document; `staff` rows as drizzle would give them.
 * `ignoreOccupancyId` leaves that occupancy out (a document read with `occupancyIds`).
 */
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
    const [staffId, from, until, kind, serviceId, seatsTaken, capacity, start, expires, id] = row;
    if (ignoreOccupancyId !== undefined && id === ignoreOccupancyId) continue;
    if (expires !== null && (!lapsesAt || expires < lapsesAt.getTime())) {
      lapsesAt = new Date(expires);
    }
    occupancies.push({
      staff_id: staffId,
      start: new Date(from),
      end: new Date(until),
      kind: kind as Occupancy['kind'],
      service_id: serviceId,
      seats_taken: seatsTaken,
      capacity,
      session_start: new Date(start),
    });
  }
  for (const [staffId, from, until] of doc.busy) {
    occupancies.push({
      staff_id: staffId,
      start: new Date(from),
      end: new Date(until),
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
