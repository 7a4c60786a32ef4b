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
   * Each occupancy with its id (`OccupancyColumns`' last column): the booking path
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
 * rounds to (availability-context-compact.test.ts compares the two on a million instants).
 */
export const epochMs = (column: PgFragment): PgFragment =>
  pg`(date_part('epoch', date_bin('1 millisecond', ${column}, '0001-01-01 00:00:00+00')) * 1000)::int8`;

/**
 * `'staff', …, 'busy', …`: the context's keys for a `json_build_object(…)`. The caller
 * may give the occupancies' part itself (`occupancies`), e.g. `(select columns from occ)`
 * over a `with occ as (${occupancyAggregate(scope)})` that also gives `lapses`.
 */
export function contextParts(scope: ContextScope, occupancies?: PgFragment): PgFragment {
  const { tenantId, from, to } = scope;
  const staffFilter = staffFilterOf(scope);
  const staffIds = scopeStaffIds(scope);
  const busy = pg`json_build_array(array_agg(b.staff_id), array_agg(${epochMs(pg`b.starts_at`)}),
        array_agg(${epochMs(pg`b.ends_at`)}))`;
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
    'occupancies', ${occupancies ?? pg`(select ${occupancyColumns(scope)} from booking_occupancies o where ${occupancyFilter(scope, staffIds)})`},
    'busy', (select ${busy} from booking_external_busy b
      where b.tenant_id = ${tenantId} and b.staff_id in ${staffIds}
        and b.starts_at < ${to} and b.ends_at > ${from})`;
}

/**
 * The occupancies' part as one array per column (`OccupancyColumns`), an aggregate over
 * `booking_occupancies o`. Columns of epoch milliseconds, not objects with timestamps
 * (issue 21: 200 occupancies as objects were 70 KB of an 84 KB availability document,
 * and formatting their timestamps most of its Postgres time; 30 were 10 KB of a
 * booking's document). One array per column: `array_agg` resolves its type once, where
 * `json_build_array` per row did so for every value (200 rows: ~0.15 ms of Postgres, and
 * half the parse). The aggregates of one query see the rows in the same order.
 */
function occupancyColumns(scope: ContextScope): PgFragment {
  return pg`json_build_array(array_agg(o.staff_id),
        array_agg(${epochMs(pg`o.blocked_from`)}), array_agg(${epochMs(pg`o.blocked_until`)}),
        array_agg(o.kind), array_agg(o.service_id), array_agg(o.seats_taken),
        array_agg(o.capacity), array_agg(${epochMs(pg`o.start_time`)}),
        array_agg(${epochMs(pg`o.expires_at`)})${scope.occupancyIds ? pg`, array_agg(o.id)` : pg``})`;
}

/**
 * One row: the occupancies' part (`columns`, as `contextParts` lists it) and when the
 * first of them lapses by itself (`lapses`, epoch ms, or null), from one pass over the
 * rows. While no write bumps the version, a context read for the scope is the one a
 * read at a later moment would give, until then. (The twelfth pass of issue 21: the
 * lapse was a second scan of the same occupancies, ~0.1 ms of a document's ~0.8 ms.)
 */
export function occupancyAggregate(scope: ContextScope): PgFragment {
  return pg`select ${occupancyColumns(scope)} as columns,
        ${epochMs(pg`min(o.expires_at)`)} as lapses
      from booking_occupancies o where ${occupancyFilter(scope, scopeStaffIds(scope))}`;
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

/**
 * The occupancies (alias `o`) a scope counts: what `contextParts` lists under
 * `occupancies`. The overlap is tested on the range, as the exclusion constraint's GiST
 * index (`booking_occupancies_no_overlap`, same predicate) reads it: one probe per staff
 * member finds just the rows that overlap. Written as `blocked_from < to and
 * blocked_until > from`, the btree index could bound only one end, and a month read
 * every occupancy before its end, all of the business's history (issue 21, twelfth pass:
 * a year of bookings made December's document 5.4 ms against January's 3.2 ms; 3.1 and
 * 3.0 ms now).
 */
function occupancyFilter(scope: ContextScope, staffIds: PgFragment): PgFragment {
  const { tenantId, from, to, now } = scope;
  return pg`o.tenant_id = ${tenantId} and o.staff_id in ${staffIds}
        and o.status in ('held', 'pending', 'confirmed')
        -- A seat hold takes a seat of its session, not time of its own.
        and o.session_occupancy_id is null
        -- Overlap as the exclusion constraint's GiST index reads it (occupancyFilter).
        and tstzrange(o.blocked_from, o.blocked_until, '[)') && tstzrange(${from}, ${to}, '[)')
        -- An expired hold or unpaid booking no longer blocks, even before the alarm.
        and (o.expires_at is null or o.expires_at > ${now})`;
}

/**
 * Occupancies as a document lists them, one array per column (each null when there are
 * none): staff ids, blocked from, blocked until (epoch ms), kinds, service ids, seats
 * taken, capacities, session starts, expires at (epoch ms or null), and the ids when the
 * scope asked for them.
 */
type OccupancyColumns = [
  string[] | null,
  number[] | null,
  number[] | null,
  string[] | null,
  (string | null)[] | null,
  number[] | null,
  number[] | null,
  number[] | null,
  (number | null)[] | null,
  (string[] | null)?,
];
/** External busy time as a document lists it: staff ids, starts at, ends at (epoch ms). */
type BusyColumns = [string[] | null, number[] | null, number[] | null];

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
  occupancies: OccupancyColumns;
  busy: BusyColumns;
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
  const [staffIds, froms, untils, kinds, serviceIds, seats, capacities, starts, expiries, ids] =
    doc.occupancies.map((values) => values ?? []) as NonNullable<OccupancyColumns[number]>[];
  for (let i = 0; i < staffIds!.length; i++) {
    if (ignoreOccupancyId !== undefined && ids?.[i] === ignoreOccupancyId) continue;
    const expires = expiries![i] as number | null;
    if (expires !== null && (!lapsesAt || expires < lapsesAt.getTime())) {
      lapsesAt = new Date(expires);
    }
    occupancies.push({
      staff_id: staffIds![i] as string,
      start: new Date(froms![i] as number),
      end: new Date(untils![i] as number),
      kind: kinds![i] as Occupancy['kind'],
      service_id: serviceIds![i] as string | null,
      seats_taken: seats![i] as number,
      capacity: capacities![i] as number,
      session_start: new Date(starts![i] as number),
    });
  }
  const [busyStaff, busyStarts, busyEnds] = doc.busy.map((values) => values ?? []);
  for (let i = 0; i < busyStaff!.length; i++) {
    occupancies.push({
      staff_id: busyStaff![i] as string,
      start: new Date(busyStarts![i] as number),
      end: new Date(busyEnds![i] as number),
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
