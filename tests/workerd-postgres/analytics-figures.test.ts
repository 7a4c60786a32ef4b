import type { AnalyticsOverview, AnalyticsRevenue } from '@booksprintz/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, serviceBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant } from '../support/api.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * The overview and revenue figures over a year of varied bookings, against counts made
 * here row by row: local days and hours from the runtime's own zone rules (Intl), lead
 * times to the microsecond. The analytics queries are shaped for speed (two aggregates,
 * the session's time zone, sums of sums); this suite holds them to the plain meaning.
 * The business is in Adelaide (UTC+9:30, +10:30 in summer): a half-hour offset and two
 * DST changes in the year, so a wrong zone, a UTC hour or a lost offset shows.
 */
const ZONE = 'Australia/Adelaide';
const STATUSES = ['pending', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface Row {
  /** Start and creation, in microseconds since the epoch (Postgres keeps microseconds). */
  start: number;
  created: number;
  minutes: number;
  status: (typeof STATUSES)[number];
  cancelledBy: 'customer' | 'staff' | 'system' | null;
  staff: string;
  service: string;
  cents: number;
  deposit: number;
  refunded: number;
}

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let salon: TenantRef;
const staff: string[] = [];
const services: string[] = [];
const rows: Row[] = [];

/** A small seeded generator (mulberry32): the same rows on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (micros: number) => {
  const text = new Date(Math.floor(micros / 1000)).toISOString();
  return `${text.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
};
const at = (text: string, extraMicros = 0) => Date.parse(text) * 1000 + extraMicros;

const local = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
const localCache = new Map<number, { date: string; dow: number; hour: number }>();
function localOf(micros: number): { date: string; dow: number; hour: number } {
  const known = localCache.get(micros);
  if (known) return known;
  const parts = Object.fromEntries(
    local.formatToParts(new Date(Math.floor(micros / 1000))).map((part) => [part.type, part.value]),
  );
  const fields = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    dow: WEEKDAYS.indexOf(parts.weekday ?? ''),
    hour: Number(parts.hour),
  };
  localCache.set(micros, fields);
  return fields;
}

/** The rows a figure of local days [first, last] counts (lapsed holds never were bookings). */
const counted = (first: string, last: string, staffId?: string) =>
  rows.filter((row) => {
    const { date } = localOf(row.start);
    return (
      date >= first &&
      date <= last &&
      !(row.status === 'cancelled' && row.cancelledBy === 'system') &&
      (!staffId || row.staff === staffId)
    );
  });
const kept = (row: Row) => row.status === 'confirmed' || row.status === 'completed';
const sum = (list: Row[], value: (row: Row) => number) =>
  list.reduce((total, row) => total + value(row), 0);

function expectedOverview(list: Row[]) {
  const count = (status: Row['status']) => list.filter((row) => row.status === status).length;
  const hours = new Map<number, number>();
  for (const row of list) {
    const { dow, hour } = localOf(row.start);
    hours.set(dow * 24 + hour, (hours.get(dow * 24 + hour) ?? 0) + 1);
  }
  const leadMicros = sum(list, (row) => row.start - row.created);
  return {
    bookings: list.length,
    confirmed: count('confirmed'),
    completed: count('completed'),
    cancelled: count('cancelled'),
    no_shows: count('no_show'),
    pending: count('pending'),
    revenue_cents: sum(list.filter(kept), (row) => row.cents),
    average_lead_time_hours:
      list.length === 0 ? null : Math.round((leadMicros / list.length / 3_600_000_000) * 10) / 10,
    by_service: services
      .map((id) => {
        const mine = list.filter((row) => row.service === id);
        return {
          service_id: id,
          bookings: mine.length,
          revenue_cents: sum(mine.filter(kept), (row) => row.cents),
        };
      })
      .filter((row) => row.bookings > 0)
      .sort(
        (a, b) =>
          b.revenue_cents - a.revenue_cents ||
          b.bookings - a.bookings ||
          (a.service_id < b.service_id ? -1 : 1),
      ),
    by_staff: Object.fromEntries(
      staff.map((id) => {
        const mine = list.filter((row) => row.staff === id);
        return [
          id,
          {
            bookings: mine.length,
            booked_minutes: sum(
              mine.filter((row) => row.status !== 'cancelled'),
              (row) => row.minutes,
            ),
          },
        ];
      }),
    ),
    by_hour: [...hours]
      .sort(([a], [b]) => a - b)
      .map(([key, bookings]) => ({ day_of_week: Math.floor(key / 24), hour: key % 24, bookings })),
  };
}

function actualOverview(body: Omit<AnalyticsOverview, 'previous'>) {
  return {
    bookings: body.bookings,
    confirmed: body.confirmed,
    completed: body.completed,
    cancelled: body.cancelled,
    no_shows: body.no_shows,
    pending: body.pending,
    revenue_cents: body.revenue_cents,
    average_lead_time_hours: body.average_lead_time_hours,
    by_service: body.by_service,
    by_staff: Object.fromEntries(
      body.by_staff.map((row) => [
        row.staff_id,
        { bookings: row.bookings, booked_minutes: row.booked_minutes },
      ]),
    ),
    by_hour: body.by_hour,
  };
}

function expectedRevenue(first: string, dates: string[], staffId?: string) {
  const list = counted(first, dates.at(-1) ?? first, staffId);
  return {
    total_cents: sum(list.filter(kept), (row) => row.cents),
    deposits_cents: sum(list, (row) => row.deposit),
    refunded_cents: sum(list, (row) => row.refunded),
    by_day: dates.map((date) => ({
      date,
      cents: sum(
        list.filter((row) => kept(row) && localOf(row.start).date === date),
        (row) => row.cents,
      ),
    })),
  };
}

function daysOf(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(first); day <= Date.parse(last); day += 86_400_000)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  salon = await createTenant(api, { timezone: ZONE, currency: 'AUD' });
  for (let i = 0; i < 3; i++)
    staff.push((await createVia(api, salon, 'staff', { name: `S${i}` })).id);
  for (let i = 0; i < 4; i++)
    services.push((await createVia(api, salon, 'services', serviceBody())).id);

  const next = random(18);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const row = (start: number, overrides: Partial<Row> = {}): Row => {
    const status = pick(STATUSES);
    const cents = 1000 + Math.floor(next() * 90) * 100;
    const deposit = next() < 0.3 ? Math.min(cents, 500 + Math.floor(next() * 10) * 100) : 0;
    return {
      start,
      // Mostly days ahead, to the microsecond; now and then recorded after the fact.
      created: start - Math.floor((next() - 0.05) * 30 * 86_400_000_000),
      minutes: pick([15, 30, 45, 60, 90]),
      status,
      cancelledBy: status === 'cancelled' ? pick(['customer', 'staff', 'system'] as const) : null,
      staff: pick(staff),
      service: pick(services),
      cents,
      deposit,
      refunded: status === 'cancelled' && deposit > 0 && next() < 0.5 ? deposit : 0,
      ...overrides,
    };
  };
  // Two years and a few days either side, any minute of the day, some to the microsecond.
  const from = at('2025-12-28T00:00:00Z');
  const to = at('2028-01-04T00:00:00Z');
  for (let i = 0; i < 900; i++) {
    const start = from + Math.floor(next() * ((to - from) / 60_000_000)) * 60_000_000;
    rows.push(row(next() < 0.2 ? start + Math.floor(next() * 60_000_000) : start));
  }
  // The edges: local midnights that open and close each period (Adelaide's summer:
  // 00:00 is 13:30Z the day before), a microsecond either side, hours either side of
  // both DST changes of 2027 (04-04 03:00 → 02:00, 10-03 02:00 → 03:00).
  for (const edge of [
    at('2025-12-31T13:30:00Z'),
    at('2025-12-31T13:29:59.999Z', 999),
    at('2026-12-31T13:30:00Z'),
    at('2026-12-31T13:29:59.999Z', 999),
    at('2027-12-31T13:30:00Z'),
    at('2027-12-31T13:29:59.999Z', 999),
    at('2027-04-03T15:30:00Z'),
    at('2027-04-03T16:00:00Z'),
    at('2027-04-03T16:29:59.999Z', 999),
    at('2027-04-03T16:30:00Z'),
    at('2027-04-03T17:00:00Z'),
    at('2027-10-02T16:29:59.999Z', 999),
    at('2027-10-02T16:30:00Z'),
  ])
    rows.push(row(edge, { status: 'confirmed', cancelledBy: null }));

  await db.query(
    `INSERT INTO appointments (tenant_id, service_id, staff_id, start_time, end_time, duration_minutes,
       customer_name, customer_email, confirmation_code, total_price_cents, deposit_paid_cents,
       refunded_cents, currency, status, cancelled_by, cancelled_at, created_at)
     SELECT $1, r.service, r.staff, r.start, r.start + make_interval(mins => r.minutes), r.minutes,
       'Guest ' || r.n, 'guest' || (r.n % 97) || '@example.com', 'FG' || lpad(r.n::text, 6, '0'),
       r.cents, r.deposit, r.refunded, 'AUD', r.status, r.cancelled_by,
       CASE WHEN r.status = 'cancelled' THEN r.start END, r.created
     FROM json_to_recordset($2::json) AS r(n int, service uuid, staff uuid, start timestamptz,
       created timestamptz, minutes int, cents int, deposit int, refunded int, status text,
       cancelled_by text)`,
    [
      salon.id,
      JSON.stringify(
        rows.map((r, n) => ({
          n,
          service: r.service,
          staff: r.staff,
          start: iso(r.start),
          created: iso(r.created),
          minutes: r.minutes,
          cents: r.cents,
          deposit: r.deposit,
          refunded: r.refunded,
          status: r.status,
          cancelled_by: r.cancelledBy,
        })),
      ),
    ],
  );
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

const figures = <T>(what: string, query: string) =>
  api.get<T>(`/tenants/${salon.id}/analytics/${what}?${query}`, salon.key);

describe('analytics figures equal a row-by-row count', () => {
  it.each([
    ['a year and the year before', '2027-01-01', '2027-12-31', '2026-01-01', '2026-12-31'],
    ['the week of the autumn DST change', '2027-03-29', '2027-04-04', '2027-03-22', '2027-03-28'],
    ['the day of the spring DST change', '2027-10-03', '2027-10-03', '2027-10-02', '2027-10-02'],
  ])('overview: %s', async (_name, first, last, previousFirst, previousLast) => {
    for (const staffId of [undefined, staff[1]]) {
      const query = `start_date=${first}&end_date=${last}${staffId ? `&staff_id=${staffId}` : ''}`;
      const { status, body } = await figures<AnalyticsOverview>('overview', query);
      expect(status, JSON.stringify(body)).toBe(200);
      const expected = expectedOverview(counted(first, last, staffId));
      const expectedBefore = expectedOverview(counted(previousFirst, previousLast, staffId));
      if (staffId) {
        expected.by_staff = { [staffId]: expected.by_staff[staffId]! };
        expectedBefore.by_staff = { [staffId]: expectedBefore.by_staff[staffId]! };
      }
      expect(actualOverview(body)).toEqual(expected);
      expect(actualOverview(body.previous)).toEqual(expectedBefore);
      // Not an empty range by accident (one staff member may well have none that day).
      if (!staffId) expect(expected.bookings).toBeGreaterThan(0);
    }
  });

  it.each([
    ['a year and the year before', '2027-01-01', '2027-12-31', '2026-01-01', '2026-12-31'],
    ['the week of the autumn DST change', '2027-03-29', '2027-04-04', '2027-03-22', '2027-03-28'],
  ])('revenue: %s', async (_name, first, last, previousFirst, previousLast) => {
    for (const staffId of [undefined, staff[2]]) {
      const query = `start_date=${first}&end_date=${last}${staffId ? `&staff_id=${staffId}` : ''}`;
      const { status, body } = await figures<AnalyticsRevenue>('revenue', query);
      expect(status, JSON.stringify(body)).toBe(200);
      const { previous, currency, ...now } = body;
      expect(currency).toBe('AUD');
      expect(now).toEqual(expectedRevenue(first, daysOf(first, last), staffId));
      const { currency: _, ...before } = previous;
      expect(before).toEqual(
        expectedRevenue(previousFirst, daysOf(previousFirst, previousLast), staffId),
      );
    }
  });
});
