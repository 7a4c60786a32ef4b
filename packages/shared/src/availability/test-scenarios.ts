/**
 * Random businesses for the engine's property tests: one to three staff in real
 * zones, business-wide weekly hours plus random rules of every kind, occupancies of
 * every kind, a random service, viewer zone and clock, all in a week that contains
 * a real DST change in at least one of the zones.
 */
import fc from 'fast-check';
import { computeAvailability } from './engine.ts';
import { formatLocalDate, parseLocalDate } from './local-date.ts';
import type {
  AvailabilityContext,
  AvailabilityQuery,
  AvailabilityService,
  AvailabilitySlot,
  AvailabilityStaff,
  Occupancy,
  ScheduleRule,
} from './types.ts';

export const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
];
/** First dates of week-long ranges that contain a DST change in one of the zones. */
const BASE_DATES = [
  '2027-03-10',
  '2027-03-25',
  '2027-04-01',
  '2027-09-23',
  '2027-09-30',
  '2027-10-28',
  '2027-11-04',
];
const STAFF_IDS = ['ana', 'ben', 'cy'];
const LOCATION_IDS = ['north', 'south'];
const SERVICE_ID = 'svc';
export const MINUTE = 60_000;

const time = fc.integer({ min: 0, max: 95 }).map((q) => {
  const minutes = q * 15;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
});
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

function ruleArb(baseDay: number): fc.Arbitrary<ScheduleRule> {
  const date = fc.integer({ min: -2, max: 9 }).map((d) => formatLocalDate(baseDay + d));
  return fc
    .record({
      rule_type: fc.constantFrom('recurring', 'recurring', 'recurring', 'override', 'block'),
      staff_id: fc.constantFrom<string | null>(...STAFF_IDS, null),
      location_id: fc.constantFrom<string | null>(null, null, null, ...LOCATION_IDS),
      service_id: fc.constantFrom<string | null>(null, null, null, SERVICE_ID, 'other'),
      day_of_week: maybe(fc.integer({ min: 0, max: 6 })),
      start_time: maybe(time),
      end_time: maybe(time),
      specific_date: maybe(date),
      date_range_start: maybe(date),
      date_range_end: maybe(date),
      is_available: fc.boolean(),
      recurrence_pattern: fc.constantFrom<'weekly' | 'biweekly' | null>(null, 'weekly', 'biweekly'),
      priority: fc.integer({ min: 0, max: 2 }),
    })
    .map((fields) => ({ id: 'r', ...fields }) as ScheduleRule)
    .map((rule) => {
      if (rule.rule_type === 'recurring') {
        return {
          ...rule,
          specific_date: null,
          is_available: rule.is_available || rule.start_time !== null,
        };
      }
      // Overrides and blocks are dated (an undated one would close every day).
      if (rule.specific_date === null && rule.date_range_start === null) {
        return { ...rule, specific_date: formatLocalDate(baseDay + 2) };
      }
      return rule;
    });
}

const staffArb: fc.Arbitrary<AvailabilityStaff[]> = fc
  .uniqueArray(fc.constantFrom(...STAFF_IDS), { minLength: 1, maxLength: 3 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          id: fc.constant(id),
          timezone: fc.constantFrom(...ZONES),
          buffer_time_before: fc.constantFrom(0, 0, 5, 15),
          buffer_time_after: fc.constantFrom(0, 0, 10, 20),
          min_notice_minutes: fc.constantFrom(0, 60, 600),
          max_advance_booking_days: fc.integer({ min: 1, max: 30 }),
          display_order: fc.integer({ min: 0, max: 2 }),
          location_ids: fc.oneof(fc.constant([]), fc.subarray(LOCATION_IDS)),
        }),
      ),
    ),
  );

const serviceArb: fc.Arbitrary<AvailabilityService> = fc.record({
  id: fc.constant(SERVICE_ID),
  duration_minutes: fc.constantFrom(15, 30, 45, 60, 90),
  buffer_time_before: fc.constantFrom(0, 0, 10),
  buffer_time_after: fc.constantFrom(0, 0, 15),
  slot_interval_minutes: fc.constantFrom(null, null, 10, 15, 20, 30, 60),
  min_notice_minutes: fc.constantFrom(null, null, 0, 120),
  booking_type: fc.constantFrom('individual', 'individual', 'group', 'class'),
  max_capacity: fc.integer({ min: 1, max: 6 }),
  available_with_staff: fc.oneof(
    fc.constant([]),
    fc.constant([]),
    fc.subarray(STAFF_IDS, { maxLength: 2 }),
  ),
  available_at_locations: fc.oneof(
    fc.constant([]),
    fc.constant([]),
    fc.subarray(LOCATION_IDS, { maxLength: 1 }),
  ),
});

export interface Scenario {
  ctx: AvailabilityContext;
  query: AvailabilityQuery;
  baseDay: number;
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc.constantFrom(...BASE_DATES).chain((base) => {
  const baseDay = parseLocalDate(base);
  const baseMs = baseDay * 86_400_000;
  const occupancyArb: fc.Arbitrary<Occupancy> = fc
    .record({
      staff_id: fc.constantFrom(...STAFF_IDS),
      // Quarter hours from a day before the range to two days after it.
      startQuarter: fc.integer({ min: -96, max: 96 * 9 }),
      quarters: fc.integer({ min: 1, max: 12 }),
      kind: fc.constantFrom('appointment', 'hold', 'session', 'external'),
      sessionOfService: fc.boolean(),
      seats_taken: fc.integer({ min: 0, max: 6 }),
    })
    .map(({ staff_id, startQuarter, quarters, kind, sessionOfService, seats_taken }) => ({
      staff_id,
      start: new Date(baseMs + startQuarter * 15 * MINUTE),
      end: new Date(baseMs + (startQuarter + quarters) * 15 * MINUTE),
      kind,
      ...(kind === 'session'
        ? { service_id: sessionOfService ? SERVICE_ID : 'other', seats_taken }
        : {}),
    }));
  const weeklyHours = fc
    .tuple(fc.constantFrom(...STAFF_IDS, null), time, time)
    .map(([staff_id, start_time, end_time]) =>
      [0, 1, 2, 3, 4, 5, 6].map(
        (day_of_week): ScheduleRule => ({
          id: 'w',
          staff_id,
          location_id: null,
          service_id: null,
          rule_type: 'recurring',
          day_of_week,
          start_time,
          end_time,
          specific_date: null,
          date_range_start: null,
          date_range_end: null,
          is_available: true,
          recurrence_pattern: null,
          priority: 0,
        }),
      ),
    );
  return fc
    .record({
      staff: staffArb,
      service: serviceArb,
      weekly: fc.array(weeklyHours, { minLength: 1, maxLength: 3 }),
      rules: fc.array(ruleArb(baseDay), { maxLength: 8 }),
      occupancies: fc.array(occupancyArb, { maxLength: 14 }),
      businessZone: fc.constantFrom(...ZONES),
      displayZone: fc.constantFrom(...ZONES),
      withLocations: fc.boolean(),
      locationZones: fc.tuple(fc.constantFrom(...ZONES), fc.constantFrom(...ZONES)),
      staffFilter: fc.option(fc.nat(), { freq: 3, nil: null }),
      locationFilter: fc.constantFrom<string | null>(null, null, ...LOCATION_IDS),
      nowOffsetMinutes: fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
      sessionPicks: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 })), { maxLength: 4 }),
    })
    .map((r) => ({
      baseDay,
      ctx: {
        business_timezone: r.businessZone,
        staff: r.staff,
        locations: r.withLocations
          ? [
              { id: 'north', timezone: r.locationZones[0] },
              { id: 'south', timezone: r.locationZones[1] },
            ]
          : [],
        // The first weekly hours are business-wide: everyone works unless rules say otherwise.
        rules: [...r.weekly.flat(), ...r.rules].map((rule, i) => ({
          ...rule,
          id: `rule-${i}`,
          staff_id: i < 7 ? null : rule.staff_id,
        })),
        occupancies: r.occupancies,
      },
      query: {
        service: r.service,
        staff_id: r.staffFilter === null ? null : r.staff[r.staffFilter % r.staff.length]!.id,
        location_id: r.withLocations ? r.locationFilter : null,
        start_date: base,
        end_date: formatLocalDate(baseDay + 6),
        display_timezone: r.displayZone,
        now: new Date(baseMs + r.nowOffsetMinutes * MINUTE),
      },
      sessionPicks: r.sessionPicks,
    }))
    .map(withSessionsOnGrid);
});

/**
 * Random occupancies rarely land on the grid, so for group services put sessions of
 * the service (with random seats taken) on a few starts the engine offers.
 */
function withSessionsOnGrid(scenario: Scenario & { sessionPicks: [number, number][] }): Scenario {
  const { ctx, query, baseDay, sessionPicks } = scenario;
  const { service } = query;
  if (service.booking_type === 'individual' || sessionPicks.length === 0)
    return { ctx, query, baseDay };
  const slots = computeAvailability(ctx, query).days.flatMap((day) => day.slots);
  if (slots.length === 0) return { ctx, query, baseDay };
  const sessions = sessionPicks.map(([pick, seats]): Occupancy => {
    const slot = slots[pick % slots.length]!;
    const staff = ctx.staff.find((person) => person.id === slot.staff_id)!;
    const start = Date.parse(slot.start_time);
    return {
      staff_id: staff.id,
      kind: 'session',
      service_id: service.id,
      seats_taken: Math.min(seats, service.max_capacity),
      start: new Date(start - (staff.buffer_time_before + service.buffer_time_before) * MINUTE),
      end: new Date(
        start +
          (service.duration_minutes + staff.buffer_time_after + service.buffer_time_after) * MINUTE,
      ),
    };
  });
  return { ctx: { ...ctx, occupancies: [...ctx.occupancies, ...sessions] }, query, baseDay };
}

/** All slots of a query, days flattened. */
export const flat = (query: AvailabilityQuery, ctx: AvailabilityContext): AvailabilitySlot[] =>
  computeAvailability(ctx, query).days.flatMap((day) => day.slots);
