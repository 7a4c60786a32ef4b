/**
 * Availability engine benchmark (DESIGN.md §9: ≤ 5 ms median): one month of any-staff
 * slots for 10 staff with 500 existing appointments, a 15-minute grid, Mon–Sat
 * 09:00–17:00 in New York with a few overrides and blocks. The month includes the
 * 2027-03-14 DST change. Run: `node bench/engine.bench.ts` (Node strips the types).
 */
import { computeAvailability } from '../src/availability/engine.ts';
import { rule } from '../src/availability/test-fixtures.ts';
import type {
  AvailabilityContext,
  AvailabilityService,
  AvailabilityStaff,
  Occupancy,
  ScheduleRule,
} from '../src/availability/types.ts';

const ZONE = 'America/New_York';
const STAFF_COUNT = 10;
const APPOINTMENTS = 500;
const WARMUP = 50;
const ITERATIONS = 200;

/** Deterministic PRNG (mulberry32) so every run measures the same month. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const staff: AvailabilityStaff[] = Array.from({ length: STAFF_COUNT }, (_, i) => ({
  id: `staff-${String(i).padStart(2, '0')}`,
  timezone: ZONE,
  buffer_time_before: 0,
  buffer_time_after: i % 3 === 0 ? 10 : 0,
  min_notice_minutes: 120,
  max_advance_booking_days: 90,
  display_order: i,
  location_ids: [],
}));

const rules: ScheduleRule[] = [];
for (const person of staff) {
  for (let day = 1; day <= 6; day++) {
    rules.push(
      rule({ staff_id: person.id, day_of_week: day, start_time: '09:00', end_time: '17:00' }),
    );
  }
}
// A holiday for everyone, a short day, one person's vacation, another's lunch breaks.
rules.push(rule({ rule_type: 'block', specific_date: '2027-03-17', is_available: false }));
rules.push(
  rule({
    rule_type: 'override',
    specific_date: '2027-03-24',
    start_time: '10:00',
    end_time: '14:00',
  }),
);
rules.push(
  rule({
    rule_type: 'block',
    staff_id: 'staff-03',
    date_range_start: '2027-03-08',
    date_range_end: '2027-03-12',
    is_available: false,
  }),
);
rules.push(
  rule({
    rule_type: 'block',
    staff_id: 'staff-05',
    date_range_start: '2027-03-01',
    date_range_end: '2027-03-31',
    start_time: '12:00',
    end_time: '13:00',
    is_available: false,
  }),
);
rules.push(
  rule({
    rule_type: 'override',
    staff_id: 'staff-07',
    specific_date: '2027-03-20',
    is_available: false,
  }),
);

// 500 non-overlapping appointments (per person), 30–90 minutes, on the quarter hour,
// inside opening hours of March 2027 (EST before the 14th, EDT after).
const next = random(20270301);
const occupancies: Occupancy[] = [];
const taken = new Map<string, Array<[number, number]>>();
while (occupancies.length < APPOINTMENTS) {
  const person = staff[Math.floor(next() * STAFF_COUNT)]!;
  const date = 1 + Math.floor(next() * 31);
  const offsetHours = date < 14 ? 5 : 4;
  const startQuarter = Math.floor(next() * 28); // 09:00 … 15:45
  const durationQuarters = 2 + Math.floor(next() * 5);
  const start = Date.UTC(2027, 2, date, 9 + offsetHours) + startQuarter * 15 * 60_000;
  const end = start + durationQuarters * 15 * 60_000;
  const mine = taken.get(person.id) ?? [];
  if (mine.some(([s, e]) => s < end && start < e)) continue;
  mine.push([start, end]);
  taken.set(person.id, mine);
  occupancies.push({
    staff_id: person.id,
    start: new Date(start),
    end: new Date(end),
    kind: next() < 0.9 ? 'appointment' : next() < 0.5 ? 'hold' : 'external',
  });
}

const context: AvailabilityContext = { business_timezone: ZONE, staff, rules, occupancies };
const service: AvailabilityService = {
  id: 'consultation',
  duration_minutes: 30,
  buffer_time_before: 0,
  buffer_time_after: 5,
  slot_interval_minutes: 15,
  min_notice_minutes: null,
  booking_type: 'individual',
  max_capacity: 1,
  available_with_staff: [],
  available_at_locations: [],
};
const query = {
  service,
  start_date: '2027-03-01',
  end_date: '2027-03-31',
  display_timezone: ZONE,
  now: new Date('2027-02-28T15:00:00Z'),
};

let slotCount = 0;
for (let i = 0; i < WARMUP; i++) {
  slotCount = computeAvailability(context, query).days.reduce((n, day) => n + day.slots.length, 0);
}
const samples: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const started = performance.now();
  computeAvailability(context, query);
  samples.push(performance.now() - started);
}
samples.sort((a, b) => a - b);
const percentile = (p: number): number =>
  samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;

console.error(
  `# ${slotCount} slots over 31 days, ${occupancies.length} occupancies, ${ITERATIONS} runs`,
);
console.log(`BENCH engine_month_median ${percentile(50).toFixed(3)} ms`);
console.log(`BENCH engine_month_p99 ${percentile(99).toFixed(3)} ms`);
