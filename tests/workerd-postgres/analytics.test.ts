import type {
  AnalyticsCustomers,
  AnalyticsFunnel,
  AnalyticsOverview,
  AnalyticsRevenue,
} from '@booksprintz/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createVia, ruleBody, serviceBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * API.md "Analytics" against the real stack, every figure compared with a count made
 * by hand from the rows below. The business is in New York; the week of 2027-03-08 has
 * the spring DST change on Sunday 2027-03-14.
 */
let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let salon: TenantRef;
let ana: { id: string };
let ben: { id: string };
let cut: { id: string };
let colour: { id: string };

let codes = 0;
async function appointment(fields: {
  start: string;
  minutes?: number;
  status: string;
  cents: number;
  staff?: string;
  service?: string;
  email?: string;
  cancelledBy?: string;
  createdAt?: string;
  deposit?: number;
  refunded?: number;
}): Promise<void> {
  const start = new Date(fields.start);
  const minutes = fields.minutes ?? 60;
  codes++;
  await db.query(
    `INSERT INTO appointments (tenant_id, service_id, staff_id, start_time, end_time, duration_minutes,
       customer_name, customer_email, confirmation_code, total_price_cents, deposit_paid_cents, refunded_cents,
       currency, status, cancelled_by, cancelled_at, created_at, payment_status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'USD', $13, $14, $15, $16, $17)`,
    [
      salon.id,
      fields.service ?? cut.id,
      fields.staff ?? ana.id,
      start.toISOString(),
      new Date(start.getTime() + minutes * 60_000).toISOString(),
      minutes,
      (fields.email ?? 'someone@example.com').split('@')[0],
      fields.email ?? `someone${codes}@example.com`,
      `AN${String(codes).padStart(6, '0')}`,
      fields.cents,
      fields.deposit ?? 0,
      fields.refunded ?? 0,
      fields.status,
      fields.status === 'cancelled' ? (fields.cancelledBy ?? 'customer') : null,
      fields.status === 'cancelled' ? start.toISOString() : null,
      fields.createdAt ?? new Date(start.getTime() - 48 * 3_600_000).toISOString(),
      fields.refunded ? 'refunded' : fields.deposit ? 'deposit_paid' : 'unpaid',
    ],
  );
}

const week = 'start_date=2027-03-08&end_date=2027-03-14';

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  salon = await createTenant(api);
  ana = await createVia(api, salon, 'staff', { name: 'Ana' });
  ben = await createVia(api, salon, 'staff', { name: 'Ben' });
  cut = await createVia(api, salon, 'services', serviceBody({ duration_minutes: 60 }));
  colour = await createVia(
    api,
    salon,
    'services',
    serviceBody({ duration_minutes: 60, price_cents: 5000 }),
  );
  // Ana: Mon–Fri 09:00–17:00, a day off on Wednesday 2027-03-10. Ben works no hours.
  for (const day of [1, 2, 3, 4, 5])
    await createVia(
      api,
      salon,
      'availability-rules',
      ruleBody({ staff_id: ana.id, day_of_week: day }),
    );
  await createVia(api, salon, 'availability-rules', {
    staff_id: ana.id,
    rule_type: 'block',
    is_available: false,
    specific_date: '2027-03-10',
  });

  // The week (New York is UTC−5 until Sunday 02:00, then UTC−4).
  await appointment({
    start: '2027-03-08T15:00:00Z',
    status: 'confirmed',
    cents: 3500,
    email: 'alice@example.com',
    deposit: 1000,
  }); // Mon 10:00
  await appointment({
    start: '2027-03-10T04:30:00Z',
    status: 'completed',
    cents: 5000,
    service: colour.id,
  }); // Tue 23:30 local: Tuesday's
  await appointment({
    start: '2027-03-10T16:00:00Z',
    status: 'cancelled',
    cents: 3500,
    deposit: 1000,
    refunded: 1000,
  }); // Wed
  await appointment({ start: '2027-03-11T16:00:00Z', status: 'no_show', cents: 3500 }); // Thu
  await appointment({
    start: '2027-03-12T16:00:00Z',
    status: 'pending',
    cents: 2000,
    staff: ben.id,
  }); // Fri, Ben
  await appointment({
    start: '2027-03-12T18:00:00Z',
    status: 'cancelled',
    cents: 3500,
    cancelledBy: 'system',
  }); // lapsed hold
  await appointment({ start: '2027-03-14T14:00:00Z', status: 'confirmed', cents: 3000 }); // Sun 10:00 EDT
  await appointment({ start: '2027-03-15T04:30:00Z', status: 'confirmed', cents: 9900 }); // Mon 00:30 local: next week
  // The week before: one returning customer's first visit, one more booking.
  await appointment({
    start: '2027-03-03T15:00:00Z',
    status: 'confirmed',
    cents: 4000,
    email: 'alice@example.com',
  });
  await appointment({ start: '2027-03-04T15:00:00Z', status: 'cancelled', cents: 3500 });
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

const path = (what: string, query = week) => `/tenants/${salon.id}/analytics/${what}?${query}`;

describe('analytics overview', () => {
  it('counts by status, revenue of kept appointments, rates and the previous period', async () => {
    const { status, body } = await api.get<AnalyticsOverview>(path('overview'), salon.key);
    expect(status, JSON.stringify(body)).toBe(200);
    // Six bookings: the lapsed hold and next Monday's are not this week's.
    expect(body).toMatchObject({
      bookings: 6,
      confirmed: 2,
      completed: 1,
      cancelled: 1,
      no_shows: 1,
      pending: 1,
      revenue_cents: 3500 + 5000 + 3000,
      currency: 'USD',
      average_lead_time_hours: 48,
    });
    expect(body.cancellation_rate).toBeCloseTo(1 / 6, 10);
    expect(body.no_show_rate).toBeCloseTo(1 / 6, 10);
    expect(body.previous).toMatchObject({
      bookings: 2,
      confirmed: 1,
      cancelled: 1,
      revenue_cents: 4000,
    });
    const byService = Object.fromEntries(body.by_service.map((row) => [row.service_id, row]));
    expect(byService[cut.id]).toMatchObject({ bookings: 5, revenue_cents: 6500 });
    expect(byService[colour.id]).toMatchObject({ bookings: 1, revenue_cents: 5000 });
  });

  it('puts an 23:30 booking in its local day and hour', async () => {
    const { body } = await api.get<AnalyticsOverview>(path('overview'), salon.key);
    expect(body.by_hour).toContainEqual({ day_of_week: 2, hour: 23, bookings: 1 });
    expect(body.by_hour).toContainEqual({ day_of_week: 0, hour: 10, bookings: 1 });
    expect(body.by_hour.reduce((sum: number, cell) => sum + cell.bookings, 0)).toBe(6);
  });

  it('utilisation: booked minutes over the open minutes the engine computes (time off excluded)', async () => {
    const { body } = await api.get<AnalyticsOverview>(path('overview'), salon.key);
    const byStaff = Object.fromEntries(body.by_staff.map((row) => [row.staff_id, row]));
    // Open: Mon, Tue, Thu, Fri 9–17 (Wednesday off) = 4 × 480. Booked: every appointment
    // that took time (not the cancelled one): Mon, Tue, Thu, Sun = 4 × 60.
    expect(byStaff[ana.id]).toMatchObject({
      bookings: 5,
      booked_minutes: 240,
      open_minutes: 1920,
      utilization: 0.125,
    });
    // Ben had a booking but no hours: nothing to divide by.
    expect(byStaff[ben.id]).toMatchObject({
      bookings: 1,
      booked_minutes: 60,
      open_minutes: 0,
      utilization: null,
    });
  });

  it('a staff key sees only its own figures', async () => {
    const staffKey = await createKey(api, salon, { role: 'staff', staff_id: ben.id });
    const { status, body } = await api.get<AnalyticsOverview>(path('overview'), staffKey.key);
    expect(status).toBe(200);
    expect(body.bookings).toBe(1);
    expect(body.by_staff.map((row) => row.staff_id)).toEqual([ben.id]);
    expectProblem(await api.get(path('funnel'), staffKey.key), 403, 'forbidden');
  });
});

describe('analytics revenue', () => {
  it('every day of the range, deposits and refunds', async () => {
    const { status, body } = await api.get<AnalyticsRevenue>(path('revenue'), salon.key);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      currency: 'USD',
      total_cents: 11_500,
      deposits_cents: 2000,
      refunded_cents: 1000,
    });
    expect(body.by_day).toEqual([
      { date: '2027-03-08', cents: 3500 },
      { date: '2027-03-09', cents: 5000 },
      { date: '2027-03-10', cents: 0 },
      { date: '2027-03-11', cents: 0 },
      { date: '2027-03-12', cents: 0 },
      { date: '2027-03-13', cents: 0 },
      { date: '2027-03-14', cents: 3000 },
    ]);
    expect(body.previous.total_cents).toBe(4000);
    expect(body.previous.by_day.map((day) => day.date)).toEqual([
      '2027-03-01',
      '2027-03-02',
      '2027-03-03',
      '2027-03-04',
      '2027-03-05',
      '2027-03-06',
      '2027-03-07',
    ]);
  });
});

describe('analytics customers', () => {
  it('returning when they booked before the range, else new', async () => {
    const { status, body } = await api.get<AnalyticsCustomers>(path('customers'), salon.key);
    expect(status).toBe(200);
    expect(body.returning).toBe(1);
    expect(body.new).toBe(5);
    expect(body.top[0]).toMatchObject({ name: 'someone', revenue_cents: 5000 });
    expect(body.previous).toMatchObject({ new: 2, returning: 0 });
  });
});

describe('the widget funnel', () => {
  const post = (body: unknown, origin: string, type = 'text/plain;charset=UTF-8') =>
    fetch(`${stack.url}/api/booking/v1/${salon.slug}/events`, {
      method: 'POST',
      headers: { 'content-type': type, origin },
      body: JSON.stringify(body),
    });

  it('counts distinct page views per step and per site', async () => {
    const steps = ['view', 'service_selected', 'slot_selected', 'details_started', 'booked'];
    for (const type of steps)
      expect((await post({ type, session: 'session-one-1' }, 'https://salon.example')).status).toBe(
        204,
      );
    for (const type of ['view', 'service_selected'])
      expect((await post({ type, session: 'session-two-2' }, 'https://salon.example')).status).toBe(
        204,
      );
    // A reload of the same page view is still one view.
    for (let i = 0; i < 2; i++)
      expect(
        (
          await post(
            { type: 'view', session: 'session-three' },
            'https://other.example',
            'application/json',
          )
        ).status,
      ).toBe(204);

    // The events carry the time they arrived: ask for the days around now.
    const now = new Date();
    const day = (offset: number) =>
      new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const { status, body } = await api.get<AnalyticsFunnel>(
      path('funnel', `start_date=${day(-2)}&end_date=${day(2)}`),
      salon.key,
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      views: 3,
      service_selected: 2,
      slot_selected: 1,
      details_started: 1,
      booked: 1,
    });
    expect(body.by_source).toEqual(
      expect.arrayContaining([
        { origin: 'https://salon.example', widget_id: null, views: 2, booked: 1 },
        { origin: 'https://other.example', widget_id: null, views: 1, booked: 0 },
      ]),
    );
  });

  it('refuses unknown steps and malformed sessions with 400, and unknown businesses with 404', async () => {
    const unknownType = await post(
      { type: 'purchase', session: 'session-one-1' },
      'https://salon.example',
    );
    expect(unknownType.status).toBe(400);
    expect(((await unknownType.json()) as { code: string }).code).toBe('validation_failed');
    expect((await post({ type: 'view', session: 'x' }, 'https://salon.example')).status).toBe(400);
    expect(
      (
        await post(
          { type: 'view', session: 'session-one-1', email: 'a@b.c' },
          'https://salon.example',
        )
      ).status,
    ).toBe(400);
    const unknownTenant = await fetch(`${stack.url}/api/booking/v1/no-such-salon/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ type: 'view', session: 'session-one-1' }),
    });
    expect(unknownTenant.status).toBe(404);
  });
});

describe('analytics input and isolation', () => {
  it.each([
    ['reversed range', 'start_date=2027-03-14&end_date=2027-03-08'],
    ['longer than two years', 'start_date=2025-01-01&end_date=2027-03-08'],
    ['no range', ''],
    ['a bad date', 'start_date=2027-02-30&end_date=2027-03-08'],
  ])('%s → 400', async (_name, query) => {
    expectProblem(await api.get(path('overview', query), salon.key), 400, 'validation_failed');
  });

  it("another tenant's key gets 404 on every analytics route", async () => {
    const other = await createTenant(api);
    for (const what of ['overview', 'revenue', 'customers', 'funnel']) {
      expectProblem(await api.get(path(what), other.key), 404, 'not_found');
    }
  });
});
