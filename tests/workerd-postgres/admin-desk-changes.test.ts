/**
 * What the owner app's calendar asks of the API beyond the widget's rules: a booking
 * or move outside the rules on purpose (recorded, never over another booking), a
 * walk-in with no e-mail, the "notify the customer" choice on moves and cancellations,
 * a resize, and the outside calendars' busy time to grey out.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createVia, openEveryDay, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { outboxOf } from '../support/outbox.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let tenant: TenantRef;
let alex: { id: string };
let sam: { id: string };
let cut: { id: string };
/** Sam's own key: a staff-role member. */
let samKey: string;
let date: string;

interface Booked {
  appointment: {
    id: string;
    status: string;
    start_time: string;
    end_time: string;
    staff_id: string;
    customer_email: string | null;
  };
}

/** An instant on the test day (the tenant is in UTC, so wall clock = UTC). */
const at = (hhmm: string) => `${date}T${hhmm}:00Z`;
const base = () => `/tenants/${tenant.id}/appointments`;
const customer = (n: number) => ({ name: `Desk ${n}`, email: `desk${n}@example.com` });

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  tenant = await createTenant(api, {
    plan_tier: 'enterprise',
    timezone: 'UTC',
    email: 'desk@example.com',
  });
  await openEveryDay(api, tenant);
  // Alex takes no booking less than 90 days ahead: every test day is inside the window.
  alex = await createVia(api, tenant, 'staff', {
    name: 'Alex',
    min_advance_booking_hours: 24 * 90,
  });
  sam = await createVia(api, tenant, 'staff', { name: 'Sam', min_advance_booking_hours: 0 });
  cut = await createVia(api, tenant, 'services', {
    slug: 'cut',
    name: 'Cut',
    duration_minutes: 30,
    price_cents: 3000,
  });
  samKey = (await createKey(api, tenant, { role: 'staff', staff_id: sam.id })).key;
  date = upcomingDate('UTC', 4);
}, 60_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

async function book(body: Record<string, unknown>, key = tenant.key) {
  return api.post<Booked>(base(), { service_id: cut.id, ...body }, key);
}

async function view(id: string) {
  const answer = await api.get<Record<string, unknown>>(`${base()}/${id}`, tenant.key);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('override: outside the rules on purpose', () => {
  it('books outside open hours only with the flag, and records it', async () => {
    const early = { staff_id: sam.id, start_time: at('07:00'), customer: customer(1) };
    expectProblem(await book(early), 409, 'slot_unavailable');
    const booked = await book({ ...early, override_rules: true });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(await view(booked.body.appointment.id)).toMatchObject({
      rules_overridden: true,
      start_time: at('07:00'),
      status: 'confirmed',
    });
    // An ordinary desk booking is not marked.
    const ordinary = await book({
      staff_id: sam.id,
      start_time: at('09:00'),
      customer: customer(2),
    });
    expect(ordinary.status).toBe(201);
    expect(await view(ordinary.body.appointment.id)).toMatchObject({ rules_overridden: false });
  });

  it('books inside the notice window only with the flag', async () => {
    const soon = { staff_id: alex.id, start_time: at('10:00'), customer: customer(3) };
    expectProblem(await book(soon), 409, 'slot_unavailable');
    const booked = await book({ ...soon, override_rules: true });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(await view(booked.body.appointment.id)).toMatchObject({ rules_overridden: true });
  });

  it('never books over another booking, override or not', async () => {
    const first = await book({
      staff_id: sam.id,
      start_time: at('06:00'),
      customer: customer(4),
      override_rules: true,
    });
    expect(first.status).toBe(201);
    for (const start of ['06:00', '06:15']) {
      expectProblem(
        await book({
          staff_id: sam.id,
          start_time: at(start),
          customer: customer(5),
          override_rules: true,
        }),
        409,
        'slot_unavailable',
      );
    }
    const rows = await db.query(
      `SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1 AND staff_id = $2
        AND start_time < $3 AND end_time > $4 AND status <> 'cancelled'`,
      [tenant.id, sam.id, at('06:30'), at('06:00')],
    );
    expect(rows.rows[0].n).toBe(1);
  });

  it("moves outside hours with the flag; a staff key cannot override onto another's calendar", async () => {
    const booked = await book({ staff_id: sam.id, start_time: at('11:00'), customer: customer(6) });
    const id = booked.body.appointment.id;
    expectProblem(
      await api.put(`${base()}/${id}`, { start_time: at('18:00') }, tenant.key),
      409,
      'slot_unavailable',
    );
    const moved = await api.put(
      `${base()}/${id}`,
      { start_time: at('18:00'), override_rules: true },
      tenant.key,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ start_time: at('18:00'), rules_overridden: true });

    expectProblem(
      await book(
        { staff_id: alex.id, start_time: at('07:00'), customer: customer(7), override_rules: true },
        samKey,
      ),
      403,
      'forbidden',
    );
    expectProblem(
      await api.put(
        `${base()}/${id}`,
        { staff_id: alex.id, start_time: at('07:00'), override_rules: true },
        samKey,
      ),
      403,
      'forbidden',
    );
    // On their own calendar a staff member may.
    const own = await book(
      { staff_id: sam.id, start_time: at('20:00'), customer: customer(8), override_rules: true },
      samKey,
    );
    expect(own.status, JSON.stringify(own.body)).toBe(201);
  });
});

describe('walk-ins without an e-mail', () => {
  it('books with no e-mail at the desk, keeps no customer record and mails no customer', async () => {
    const booked = await book({
      staff_id: sam.id,
      start_time: at('12:00'),
      customer: { name: 'Walk-in', phone: '+447700900555' },
      metadata: { walk_in: 'true' },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.appointment.customer_email).toBeNull();
    const id = booked.body.appointment.id;
    expect(await view(id)).toMatchObject({ customer_email: null, customer_phone: '+447700900555' });
    const row = await db.query('SELECT customer_id FROM appointments WHERE id = $1', [id]);
    expect(row.rows[0].customer_id).toBeNull();

    // Moved and cancelled: the business hears of it, no one else.
    const moved = await api.put(`${base()}/${id}`, { start_time: at('13:00') }, tenant.key);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const cancelled = await api.put(`${base()}/${id}`, { status: 'cancelled' }, tenant.key);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const outbox = await outboxOf(db, id);
    expect(outbox.length).toBeGreaterThan(0);
    for (const message of outbox) {
      expect(message.payload.audience).not.toBe('customer');
      expect(message.recipient_email).not.toMatch(/invalid/);
    }
    expect(outbox.map((m) => m.recipient_email)).toContain('desk@example.com');
  });

  it('still requires an e-mail on the public booking path', async () => {
    expectProblem(
      await api.post(`/${tenant.slug}/appointments`, {
        service_id: cut.id,
        staff_id: sam.id,
        start_time: at('14:00'),
        customer: { name: 'Anon' },
      }),
      400,
      'validation_failed',
    );
  });
});

describe('notify the customer', () => {
  async function customerMessages(id: string, type: string) {
    return (await outboxOf(db, id)).filter(
      (row) => row.type === type && row.payload.audience === 'customer',
    );
  }

  it('sends the reschedule e-mail by default and not when unticked', async () => {
    const told = await book({ staff_id: sam.id, start_time: at('14:00'), customer: customer(9) });
    const quiet = await book({ staff_id: sam.id, start_time: at('15:00'), customer: customer(10) });
    expect(
      (
        await api.put(
          `${base()}/${told.body.appointment.id}`,
          { start_time: at('14:30') },
          tenant.key,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await api.put(
          `${base()}/${quiet.body.appointment.id}`,
          { start_time: at('15:30'), notify_customer: false },
          tenant.key,
        )
      ).status,
    ).toBe(200);
    expect(await customerMessages(told.body.appointment.id, 'rescheduled')).not.toHaveLength(0);
    expect(await customerMessages(quiet.body.appointment.id, 'rescheduled')).toHaveLength(0);
    // The business still hears of it.
    const business = (await outboxOf(db, quiet.body.appointment.id)).filter(
      (row) => row.type === 'rescheduled' && row.payload.audience !== 'customer',
    );
    expect(business).not.toHaveLength(0);
  });

  it('sends the cancellation e-mail by default and not when unticked', async () => {
    const told = await book({ staff_id: sam.id, start_time: at('16:00'), customer: customer(11) });
    const quiet = await book({ staff_id: sam.id, start_time: at('16:30'), customer: customer(12) });
    for (const [id, extra] of [
      [told.body.appointment.id, {}],
      [quiet.body.appointment.id, { notify_customer: false }],
    ] as const) {
      const answer = await api.put(
        `${base()}/${id}`,
        { status: 'cancelled', ...extra },
        tenant.key,
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    expect(await customerMessages(told.body.appointment.id, 'cancellation')).not.toHaveLength(0);
    expect(await customerMessages(quiet.body.appointment.id, 'cancellation')).toHaveLength(0);
  });

  it('refuses notify_customer alone as no change', async () => {
    const booked = await book({
      staff_id: sam.id,
      start_time: at('09:30'),
      customer: customer(13),
    });
    expectProblem(
      await api.put(
        `${base()}/${booked.body.appointment.id}`,
        { notify_customer: false },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
  });
});

describe('resize', () => {
  it('lengthens an appointment, keeps the length on a move, and refuses running into the next', async () => {
    const first = await book({
      staff_id: alex.id,
      start_time: at('13:00'),
      customer: customer(14),
      override_rules: true,
    });
    const next = await book({
      staff_id: alex.id,
      start_time: at('14:00'),
      customer: customer(15),
      override_rules: true,
    });
    expect([first.status, next.status]).toEqual([201, 201]);
    const id = first.body.appointment.id;
    const longer = await api.put(
      `${base()}/${id}`,
      { duration_minutes: 60, override_rules: true },
      tenant.key,
    );
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    expect(longer.body).toMatchObject({
      start_time: at('13:00'),
      end_time: at('14:00'),
      duration_minutes: 60,
    });
    expectProblem(
      await api.put(`${base()}/${id}`, { duration_minutes: 90, override_rules: true }, tenant.key),
      409,
      'slot_unavailable',
    );
    // Sam is open at 09:00–17:00: the 60 minutes move with it, checked by the engine.
    const moved = await api.put(
      `${base()}/${id}`,
      { staff_id: sam.id, start_time: at('10:00') },
      tenant.key,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ start_time: at('10:00'), end_time: at('11:00') });
    // Lengthened past Sam's closing time: refused without the override.
    const late = await book({ staff_id: sam.id, start_time: at('16:30'), customer: customer(16) });
    expect(late.status).toBe(201);
    expectProblem(
      await api.put(`${base()}/${late.body.appointment.id}`, { duration_minutes: 60 }, tenant.key),
      409,
      'slot_unavailable',
    );
  });

  it('refuses a length out of range', async () => {
    const booked = await book({
      staff_id: sam.id,
      start_time: at('11:30'),
      customer: customer(17),
    });
    for (const duration_minutes of [0, 2000, 12.5]) {
      expectProblem(
        await api.put(`${base()}/${booked.body.appointment.id}`, { duration_minutes }, tenant.key),
        400,
        'validation_failed',
      );
    }
  });
});

describe('external busy time', () => {
  it("lists outside calendars' busy time over the days asked, a staff key its own only", async () => {
    await db.query(
      `INSERT INTO booking_external_busy (tenant_id, staff_id, starts_at, ends_at, source_uid)
        VALUES ($1, $2, $3, $4, 'a'), ($1, $5, $3, $4, 'b'), ($1, $2, $6, $7, 'c')`,
      [
        tenant.id,
        sam.id,
        at('12:30'),
        at('13:30'),
        alex.id,
        '2000-01-01T10:00:00Z',
        '2000-01-01T11:00:00Z',
      ],
    );
    const all = await api.get<{ data: Array<{ staff_id: string; starts_at: string }> }>(
      `/tenants/${tenant.id}/external-busy?start_date=${date}&end_date=${date}`,
      tenant.key,
    );
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.data.map((row) => row.staff_id).sort()).toEqual([sam.id, alex.id].sort());
    expect(all.body.data[0]).toMatchObject({ starts_at: at('12:30'), ends_at: at('13:30') });

    const own = await api.get<{ data: Array<{ staff_id: string }> }>(
      `/tenants/${tenant.id}/external-busy?start_date=${date}&end_date=${date}`,
      samKey,
    );
    expect(own.body.data.map((row) => row.staff_id)).toEqual([sam.id]);
    expectProblem(
      await api.get(`/tenants/${tenant.id}/external-busy?start_date=${date}`, tenant.key),
      400,
      'validation_failed',
    );
    expectProblem(
      await api.get(
        `/tenants/${tenant.id}/external-busy?start_date=${date}&end_date=2000-01-01`,
        tenant.key,
      ),
      400,
      'validation_failed',
    );
  });
});
