import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createVia, openEveryDay, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let tenant: TenantRef;
let alex: { id: string };
let sam: { id: string };
let cut: { id: string };
let consult: { id: string };
let date: string;

interface Slot {
  start_time: string;
  staff_id: string;
}
interface Booked {
  appointment: { id: string; status: string; start_time: string; staff_id: string };
}

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  tenant = await createTenant(api, { plan_tier: 'enterprise', timezone: 'Europe/London' });
  await openEveryDay(api, tenant);
  alex = await createVia(api, tenant, 'staff', {
    name: 'Alex',
    min_advance_booking_hours: 0,
    display_order: 1,
  });
  sam = await createVia(api, tenant, 'staff', {
    name: 'Sam',
    min_advance_booking_hours: 0,
    display_order: 2,
  });
  cut = await createVia(api, tenant, 'services', {
    slug: 'cut',
    name: 'Cut',
    duration_minutes: 30,
    price_cents: 3000,
  });
  consult = await createVia(api, tenant, 'services', {
    slug: 'consult',
    name: 'Consultation',
    duration_minutes: 60,
    price_cents: 0,
    requires_approval: true,
  });
  date = upcomingDate('Europe/London', 4);
}, 60_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

const base = () => `/tenants/${tenant.id}/appointments`;

async function slots(service: string, staff?: string): Promise<Slot[]> {
  const response = await api.get<{ days: Array<{ slots: Slot[] }> }>(
    `/${tenant.slug}/availability?service_id=${service}&date=${date}${staff ? `&staff_id=${staff}` : ''}`,
  );
  expect(response.status).toBe(200);
  return response.body.days.flatMap((day) => day.slots);
}

const customer = (n: number) => ({
  name: `Guest ${n}`,
  email: `guest${n}@example.com`,
  phone: '+447700900123',
});

describe('manual booking', () => {
  it('books through the same path as the public API, including its 409', async () => {
    const [slot] = await slots(cut.id, alex.id);
    const created = await api.post<Booked & { appointment: Record<string, unknown> }>(
      base(),
      {
        service_id: 'cut',
        staff_id: alex.id,
        start_time: slot!.start_time,
        customer: customer(1),
        internal_notes: 'Regular',
      },
      tenant.key,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.appointment.id;
    const view = await api.get(`${base()}/${id}`, tenant.key);
    expect(view.body).toMatchObject({
      booking_source: 'manual',
      internal_notes: 'Regular',
      customer_phone: '+447700900123',
      status: 'confirmed',
    });
    expectProblem(
      await api.post(
        base(),
        {
          service_id: 'cut',
          staff_id: alex.id,
          start_time: slot!.start_time,
          customer: customer(2),
        },
        tenant.key,
      ),
      409,
      'slot_unavailable',
    );
  });
});

describe('approval', () => {
  it('keeps a requires-approval booking pending and its slot blocked until confirmed', async () => {
    const [slot] = await slots(consult.id, sam.id);
    const booked = await api.post<Booked>(`/${tenant.slug}/appointments`, {
      service_id: 'consult',
      staff_id: sam.id,
      start_time: slot!.start_time,
      customer: customer(3),
    });
    expect(booked.status).toBe(201);
    expect(booked.body.appointment.status).toBe('pending');
    expect((await slots(consult.id, sam.id)).map((s) => s.start_time)).not.toContain(
      slot!.start_time,
    );
    const confirmed = await api.put(
      `${base()}/${booked.body.appointment.id}`,
      { status: 'confirmed' },
      tenant.key,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', approved_at: expect.any(String) });
    const occupancy = await db.query(
      'SELECT o.status FROM booking_occupancies o JOIN appointments a ON a.occupancy_id = o.id WHERE a.id = $1',
      [booked.body.appointment.id],
    );
    expect(occupancy.rows[0].status).toBe('confirmed');
  });

  it('frees the slot when a pending booking is rejected (cancelled)', async () => {
    const list = await slots(consult.id, sam.id);
    const slot = list[2]!;
    const booked = await api.post<Booked>(`/${tenant.slug}/appointments`, {
      service_id: 'consult',
      staff_id: sam.id,
      start_time: slot.start_time,
      customer: customer(4),
    });
    const rejected = await api.put(
      `${base()}/${booked.body.appointment.id}`,
      { status: 'cancelled', cancellation_reason: 'Fully booked' },
      tenant.key,
    );
    expect(rejected.body).toMatchObject({
      status: 'cancelled',
      cancelled_by: 'staff',
      cancellation_reason: 'Fully booked',
    });
    expect((await slots(consult.id, sam.id)).map((s) => s.start_time)).toContain(slot.start_time);
  });
});

describe('status changes and moves', () => {
  it('refuses completing an appointment that has not started, and impossible transitions', async () => {
    const [slot] = (await slots(cut.id, sam.id)).slice(-1);
    const booked = await api.post<Booked>(
      base(),
      { service_id: 'cut', staff_id: sam.id, start_time: slot!.start_time, customer: customer(5) },
      tenant.key,
    );
    const id = booked.body.appointment.id;
    expectProblem(
      await api.put(`${base()}/${id}`, { status: 'completed' }, tenant.key),
      409,
      'conflict',
    );
    expectProblem(
      await api.put(`${base()}/${id}`, { status: 'no_show' }, tenant.key),
      409,
      'conflict',
    );
    expectProblem(
      await api.put(
        `${base()}/${id}`,
        { status: 'cancelled', start_time: slot!.start_time },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    expectProblem(
      await api.put(`${base()}/${id}`, { status: 'teleported' }, tenant.key),
      400,
      'validation_failed',
    );
  });

  it('marks a past appointment completed or no-show and counts it on the customer', async () => {
    const past = await db.query(
      `SELECT a.id FROM appointments a WHERE a.tenant_id = $1 AND a.status = 'confirmed' ORDER BY a.start_time LIMIT 1`,
      [tenant.id],
    );
    const id = past.rows[0].id as string;
    // Travel: the appointment is moved into the past behind the API's back.
    await db.query(
      `UPDATE appointments SET start_time = now() - interval '2 hours', end_time = now() - interval '90 minutes' WHERE id = $1`,
      [id],
    );
    const completed = await api.put(`${base()}/${id}`, { status: 'completed' }, tenant.key);
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    const customerRow = await db.query(
      'SELECT c.total_spent_cents FROM booking_customers c JOIN appointments a ON a.customer_id = c.id WHERE a.id = $1',
      [id],
    );
    expect(customerRow.rows[0].total_spent_cents).toBeGreaterThan(0);
    expectProblem(
      await api.put(`${base()}/${id}`, { status: 'confirmed' }, tenant.key),
      409,
      'conflict',
    );
  });

  it('moves an appointment to another staff member atomically', async () => {
    const list = await slots(cut.id, alex.id);
    const booked = await api.post<Booked>(
      base(),
      {
        service_id: 'cut',
        staff_id: alex.id,
        start_time: list[4]!.start_time,
        customer: customer(6),
      },
      tenant.key,
    );
    const moved = await api.put(
      `${base()}/${booked.body.appointment.id}`,
      { staff_id: sam.id, start_time: list[4]!.start_time },
      tenant.key,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ staff_id: sam.id, start_time: list[4]!.start_time });
    expect((await slots(cut.id, alex.id)).map((s) => s.start_time)).toContain(list[4]!.start_time);
  });
});

describe('listing', () => {
  it('filters by staff, status and dates and pages with a cursor', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { data: Array<{ id: string; start_time: string }>; next_cursor: string | null };
      } = await api.get(
        `${base()}?limit=2&start_date=${date}&end_date=${date}${cursor ? `&cursor=${cursor}` : ''}`,
        tenant.key,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      all.push(...page.body.data.map((a) => a.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    const direct = await db.query(
      `SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1 AND (start_time AT TIME ZONE 'Europe/London')::date = $2`,
      [tenant.id, date],
    );
    expect(all.length).toBe(direct.rows[0].n);
    const pending = await api.get<{ data: Array<{ status: string }> }>(
      `${base()}?status=cancelled`,
      tenant.key,
    );
    expect(pending.body.data.every((a) => a.status === 'cancelled')).toBe(true);
    expectProblem(await api.get(`${base()}?cursor=garbage`, tenant.key), 400, 'validation_failed');
  });

  it('shows a staff key only its own calendar', async () => {
    const { key } = await createKey(api, tenant, { role: 'staff', staff_id: alex.id });
    const mine = await api.get<{ data: Array<{ staff_id: string; id: string }> }>(base(), key);
    expect(mine.status).toBe(200);
    expect(mine.body.data.length).toBeGreaterThan(0);
    expect(mine.body.data.every((a) => a.staff_id === alex.id)).toBe(true);
    const others = await db.query(
      `SELECT id FROM appointments WHERE tenant_id = $1 AND staff_id = $2 LIMIT 1`,
      [tenant.id, sam.id],
    );
    expectProblem(await api.get(`${base()}/${others.rows[0].id}`, key), 404, 'not_found');
    const [slot] = await slots(cut.id, sam.id);
    expectProblem(
      await api.post(
        base(),
        {
          service_id: 'cut',
          staff_id: sam.id,
          start_time: slot!.start_time,
          customer: customer(7),
        },
        key,
      ),
      403,
      'forbidden',
    );
  });

  it("answers another tenant's key with 404 and no key with 401", async () => {
    const other = await createTenant(api);
    expectProblem(await api.get(base(), other.key), 404, 'not_found');
    expectProblem(await api.get(base()), 401, 'unauthorized');
  });
});
