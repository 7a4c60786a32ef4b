import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant } from '../support/api.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * An admin's status change and the customer's cancellation arriving together: each
 * goes through the staff member's lock, so one of them sees what the other did. Many
 * rounds of truly concurrent requests; the assertions are on outcomes, never on timing.
 */
const ZONE = 'Europe/London';
const ROUNDS = 16;

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let tenant: TenantRef;
let staffId: string;

interface Booked {
  appointment: { id: string; status: string };
  manage_token: string;
}

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  tenant = await createTenant(api, { plan_tier: 'enterprise', timezone: ZONE });
  await openEveryDay(api, tenant);
  staffId = (await createVia(api, tenant, 'staff', { name: 'Alex', min_advance_booking_hours: 0 }))
    .id;
  await createVia(api, tenant, 'services', {
    slug: 'consult',
    name: 'Consultation',
    duration_minutes: 30,
    price_cents: 0,
    requires_approval: true,
  });
}, 90_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

async function starts(date: string): Promise<string[]> {
  const response = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
    `/${tenant.slug}/availability?service_id=consult&staff_id=${staffId}&date=${date}`,
  );
  expect(response.status).toBe(200);
  return response.body.days.flatMap((day) => day.slots.map((slot) => slot.start_time));
}

async function bookPending(start_time: string, n: number): Promise<Booked> {
  const booked = await api.post<Booked>(`/${tenant.slug}/appointments`, {
    service_id: 'consult',
    staff_id: staffId,
    start_time,
    customer: { name: `Guest ${n}`, email: `race-${n}@example.com` },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  expect(booked.body.appointment.status).toBe('pending');
  return booked.body;
}

describe('admin confirmation racing the customer cancelling', () => {
  it('ends every round in one consistent state, the loser answered 409', async () => {
    const date = upcomingDate(ZONE, 3);
    const times = [...(await starts(date)), ...(await starts(addDays(date, 1)))];
    expect(times.length).toBeGreaterThanOrEqual(ROUNDS);
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const booked = await bookPending(times[round]!, round);
      const id = booked.appointment.id;
      const [confirm, cancel] = await Promise.all([
        api.put(`/tenants/${tenant.id}/appointments/${id}`, { status: 'confirmed' }, tenant.key),
        api.delete(`/${tenant.slug}/appointments/${id}/cancel?token=${booked.manage_token}`),
      ]);
      const label = `round ${round}: confirm ${confirm.status} cancel ${cancel.status}`;
      const { rows } = await db.query<{
        status: string;
        cancelled_at: Date | null;
        approved_at: Date | null;
        occupancy: string;
      }>(
        `SELECT a.status, a.cancelled_at, a.approved_at, o.status AS occupancy
           FROM appointments a JOIN booking_occupancies o ON o.id = a.occupancy_id
          WHERE a.id = $1`,
        [id],
      );
      const row = rows[0]!;
      const events = await db.query<{ type: string }>(
        `SELECT type FROM booking_notifications
          WHERE appointment_id = $1 AND type IN ('confirmation', 'cancellation', 'reminder')
            AND status <> 'cancelled'
          ORDER BY created_at, id`,
        [id],
      );
      expect(cancel.status, label).toBe(200);
      if (confirm.status === 200) {
        // The confirmation came first; the cancellation then undid it, as it may.
        expect(row, label).toMatchObject({ status: 'cancelled', occupancy: 'released' });
        outcomes.add('confirmed, then cancelled');
      } else {
        expect(confirm.status, label).toBe(409);
        expect(row, label).toMatchObject({
          status: 'cancelled',
          approved_at: null,
          occupancy: 'released',
        });
        outcomes.add('cancelled; confirmation refused');
      }
      expect(row.cancelled_at, label).not.toBeNull();
      // Never "cancelled" followed by anything that says the appointment is on.
      const types = events.rows.map((event) => event.type);
      const cancelledAt = types.indexOf('cancellation');
      if (cancelledAt >= 0) {
        const after = types.slice(cancelledAt + 1).filter((type) => type !== 'cancellation');
        expect(after, label).toEqual([]);
      }
    }
    // Both orders are legitimate; at least the race was run ROUNDS times.
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });
});
