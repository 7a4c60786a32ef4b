import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * No double booking, ever (DESIGN §4): many customers racing for the same minute of
 * one staff member's day, through HTTP, the Worker, the SlotLock and Postgres.
 */
let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let tenant: TenantRef;
let staffIds: string[];
let date: string;
let cut: { id: string };
let long: { id: string };

const RACERS = 64;

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  tenant = await createTenant(api, { plan_tier: 'enterprise', timezone: 'America/New_York' });
  // Business-wide hours every day: the default for staff with no hours of their own.
  await openEveryDay(api, tenant, { start_time: '08:00', end_time: '20:00' });
  staffIds = [];
  for (let i = 0; i < RACERS; i++) {
    const staff = await createVia(api, tenant, 'staff', {
      name: `Stylist ${i}`,
      min_advance_booking_hours: 0,
    });
    staffIds.push(staff.id);
  }
  cut = await createVia(api, tenant, 'services', {
    slug: 'cut',
    name: 'Cut',
    duration_minutes: 30,
    price_cents: 3000,
  });
  long = await createVia(api, tenant, 'services', {
    slug: 'long',
    name: 'Long',
    duration_minutes: 60,
    price_cents: 6000,
  });
  date = upcomingDate('America/New_York', 3);
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

async function startsOf(serviceId: string, staffId: string): Promise<string[]> {
  const response = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
    `/${tenant.slug}/availability?service_id=${serviceId}&staff_id=${staffId}&date=${date}`,
  );
  expect(response.status).toBe(200);
  return response.body.days.flatMap((day) => day.slots.map((slot) => slot.start_time));
}

function bookingBody(serviceId: string, staffId: string, start: string, n: number) {
  return {
    service_id: serviceId,
    staff_id: staffId,
    start_time: start,
    customer: { name: `Racer ${n}`, email: `racer${n}@example.com` },
  };
}

async function race(bodies: object[]) {
  const started = performance.now();
  const responses = await Promise.all(
    bodies.map(async (body) => {
      const t0 = performance.now();
      const response = await api.post(`/${tenant.slug}/appointments`, body);
      return { ...response, ms: performance.now() - t0 };
    }),
  );
  return { responses, ms: performance.now() - started };
}

describe('contention', () => {
  it(`${RACERS} concurrent bookings of one slot: exactly one 201 and ${RACERS - 1} × 409, 20 rounds`, async () => {
    const staffId = staffIds[0]!;
    const starts = await startsOf(cut.id, staffId);
    expect(starts.length).toBeGreaterThanOrEqual(20);
    const latencies: number[] = [];
    for (let round = 0; round < 20; round++) {
      const start = starts[round]!;
      const { responses } = await race(
        Array.from({ length: RACERS }, (_, n) =>
          bookingBody(cut.id, staffId, start, round * 100 + n),
        ),
      );
      const statuses = responses.map((r) => r.status);
      const odd = responses.find((r) => r.status !== 201 && r.status !== 409);
      if (odd) console.log('ODD', odd.status, JSON.stringify(odd.body));
      expect(
        statuses.filter((s) => s === 201),
        `round ${round}`,
      ).toHaveLength(1);
      expect(
        statuses.filter((s) => s === 409),
        `round ${round}`,
      ).toHaveLength(RACERS - 1);
      for (const loser of responses.filter((r) => r.status === 409)) {
        expect(loser.headers.get('content-type')).toContain('application/problem+json');
        expect(loser.body).toMatchObject({ code: 'slot_unavailable' });
      }
      latencies.push(...responses.map((r) => r.ms));
      const rows = await db.query(
        `SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1 AND staff_id = $2 AND start_time = $3 AND status <> 'cancelled'`,
        [tenant.id, staffId, start],
      );
      expect(rows.rows[0].n, `round ${round}`).toBe(1);
    }
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
    console.log(`CONTENTION rounds=20 racers=${RACERS} p95_ms=${p95.toFixed(0)}`);
  }, 180_000);

  it(`${RACERS} concurrent bookings for ${RACERS} different staff all succeed`, async () => {
    const start = (await startsOf(cut.id, staffIds[1]!)).at(-1)!;
    const { responses } = await race(
      staffIds.map((staffId, n) => bookingBody(cut.id, staffId, start, 5000 + n)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(RACERS).fill(201));
  }, 60_000);

  it('30- and 60-minute bookings racing on one staff member never overlap in the database', async () => {
    const staffId = staffIds[2]!;
    const cutStarts = await startsOf(cut.id, staffId);
    const longStarts = await startsOf(long.id, staffId);
    // Every 30-minute and 60-minute start of the day, each wanted by four customers at once.
    const bodies = [
      ...cutStarts.flatMap((start, i) =>
        [0, 1, 2, 3].map((k) => bookingBody(cut.id, staffId, start, 7000 + i * 10 + k)),
      ),
      ...longStarts.flatMap((start, i) =>
        [0, 1, 2, 3].map((k) => bookingBody(long.id, staffId, start, 8000 + i * 10 + k)),
      ),
    ].sort(() => Math.random() - 0.5);
    const { responses } = await race(bodies);
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(responses.filter((r) => r.status === 201).length).toBeGreaterThan(0);
    const overlaps = await db.query(
      `SELECT count(*)::int AS n
         FROM booking_occupancies a JOIN booking_occupancies b
           ON a.staff_id = b.staff_id AND a.id < b.id
          AND tstzrange(a.blocked_from, a.blocked_until, '[)') && tstzrange(b.blocked_from, b.blocked_until, '[)')
        WHERE a.staff_id = $1
          AND a.status IN ('held','pending','confirmed') AND b.status IN ('held','pending','confirmed')`,
      [staffId],
    );
    expect(overlaps.rows[0].n).toBe(0);
    const booked = await db.query(
      `SELECT count(*)::int AS n FROM appointments WHERE staff_id = $1 AND customer_email ~ '^racer[78]'`,
      [staffId],
    );
    expect(booked.rows[0].n).toBe(responses.filter((r) => r.status === 201).length);
  }, 120_000);
});
