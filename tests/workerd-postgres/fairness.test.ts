import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant } from '../support/api.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { inOneRateWindow, RATE_WINDOW_TEST_TIMEOUT } from '../support/rate-window.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * DESIGN §8 with the limits a real deployment runs: one customer cannot reserve a whole
 * day, invalid requests cannot spend a business's shared budget, and the client's
 * address comes from the header the deployment says is trustworthy. This stack stands
 * behind a reverse proxy (self-hosted workerd): the address is the last hop of
 * X-Forwarded-For, and a CF-Connecting-IP the client makes up means nothing.
 */

/** docs/rate-limits.md: live holds plus upcoming bookings, per tenant. */
const PER_ADDRESS = 6;
const PER_EMAIL = 4;
const ZONE = 'Europe/London';

let stack: TestStack;
let api: ApiClient;
let tenant: TenantRef;
let staff: string[];
let firstDay: string;
let addressCounter = 0;

/** A fresh client address (TEST-NET-3), as the proxy reports it. */
const newAddress = () => `203.0.113.${++addressCounter}`;

function from(address: string, extra: Record<string, string> = {}) {
  return {
    'content-type': 'application/json',
    // The left entries are whatever the client claimed; the proxy appends the real one.
    'x-forwarded-for': `10.9.8.7, ${address}`,
    ...extra,
  };
}

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${stack.url}/api/booking/v1/${tenant.slug}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function slotsOf(staffId: string, date: string): Promise<string[]> {
  const response = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
    `/${tenant.slug}/availability?service_id=cut&staff_id=${staffId}&date=${date}`,
  );
  expect(response.status).toBe(200);
  return response.body.days.flatMap((day) => day.slots.map((slot) => slot.start_time));
}

const customer = (email: string) => ({ name: 'Pat Doe', email });
let emailCounter = 0;
const newEmail = () => `customer-${++emailCounter}-${Date.now()}@example.com`;

beforeAll(async () => {
  stack = await startTestStack({
    vars: { RATE_LIMITS: 'on', CLIENT_ADDRESS_HEADER: 'x-forwarded-for' },
  });
  api = apiClient(stack.url);
  tenant = await createTenant(api, { plan_tier: 'enterprise', timezone: ZONE });
  await openEveryDay(api, tenant);
  staff = [];
  for (const name of ['Ana', 'Ben', 'Cy', 'Dee']) {
    staff.push((await createVia(api, tenant, 'staff', { name, min_advance_booking_hours: 0 })).id);
  }
  await createVia(api, tenant, 'services', {
    slug: 'cut',
    name: 'Cut',
    duration_minutes: 30,
    price_cents: 3000,
  });
  firstDay = upcomingDate(ZONE, 3);
}, 90_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('one customer cannot reserve a whole day', () => {
  it('stops one address booking a day slot by slot, a new e-mail each time', async () => {
    const starts = await slotsOf(staff[0]!, firstDay);
    expect(starts).toHaveLength(16);
    const address = newAddress();
    const statuses: number[] = [];
    for (const start_time of starts) {
      statuses.push(
        await send('POST', '/appointments', from(address), {
          service_id: 'cut',
          staff_id: staff[0],
          start_time,
          customer: customer(newEmail()),
        }),
      );
    }
    expect(statuses).toEqual([
      ...Array(PER_ADDRESS).fill(201),
      ...Array(16 - PER_ADDRESS).fill(429),
    ]);
  });

  it('counts holds placed without an e-mail against the address, and their bookings too', async () => {
    const starts = await slotsOf(staff[1]!, firstDay);
    const address = newAddress();
    const statuses: number[] = [];
    for (const start_time of starts.slice(0, PER_ADDRESS + 2)) {
      const response = await fetch(`${stack.url}/api/booking/v1/${tenant.slug}/holds`, {
        method: 'POST',
        headers: from(address),
        body: JSON.stringify({ service_id: 'cut', staff_id: staff[1], start_time }),
      });
      statuses.push(response.status);
      if (response.status !== 201) continue;
      const { hold_id } = (await response.json()) as { hold_id: string };
      // Turning the hold into a booking must not give the address its turn back.
      statuses.push(
        await send('POST', '/appointments', from(address), {
          service_id: 'cut',
          staff_id: staff[1],
          start_time,
          hold_id,
          customer: customer(newEmail()),
        }),
      );
    }
    expect(statuses).toEqual([...Array(PER_ADDRESS * 2).fill(201), 429, 429]);
  });

  it('lets a family of four book from one address and one e-mail, not a fifth time', async () => {
    const starts = await slotsOf(staff[2]!, firstDay);
    const email = newEmail();
    const home = newAddress();
    const statuses: number[] = [];
    for (const start_time of starts.slice(0, PER_EMAIL)) {
      statuses.push(
        await send('POST', '/appointments', from(home), {
          service_id: 'cut',
          staff_id: staff[2],
          start_time,
          customer: customer(email),
        }),
      );
    }
    expect(statuses).toEqual(Array(PER_EMAIL).fill(201));
    // The same customer from another address: the e-mail's cap holds, for holds too.
    const elsewhere = newAddress();
    expect(
      await send('POST', '/appointments', from(elsewhere), {
        service_id: 'cut',
        staff_id: staff[2],
        start_time: starts[PER_EMAIL],
        customer: customer(email.toUpperCase()),
      }),
    ).toBe(429);
    expect(
      await send('POST', '/holds', from(elsewhere), {
        service_id: 'cut',
        staff_id: staff[2],
        start_time: starts[PER_EMAIL],
        customer_email: email,
      }),
    ).toBe(429);
  });

  it('holds the caps when one address races for many staff members at once', async () => {
    const day = addDays(firstDay, 1);
    const starts = await Promise.all(staff.map((id) => slotsOf(id, day)));
    for (let round = 0; round < 4; round++) {
      const address = newAddress();
      const attempts = staff.flatMap((staffId, s) =>
        starts[s]!.slice(round * 4, round * 4 + 4).map((start_time, i) =>
          // Half hold, half book straight away: both count against one cap.
          (s + i) % 2 === 0
            ? send('POST', '/holds', from(address), {
                service_id: 'cut',
                staff_id: staffId,
                start_time,
                customer_email: newEmail(),
              })
            : send('POST', '/appointments', from(address), {
                service_id: 'cut',
                staff_id: staffId,
                start_time,
                customer: customer(newEmail()),
              }),
        ),
      );
      const statuses = await Promise.all(attempts);
      expect(statuses, `round ${round}`).toHaveLength(16);
      expect(
        statuses.filter((s) => s === 201),
        `round ${round}: ${statuses}`,
      ).toHaveLength(PER_ADDRESS);
      expect(
        statuses.filter((s) => s === 429),
        `round ${round}: ${statuses}`,
      ).toHaveLength(16 - PER_ADDRESS);
    }
  });
});

describe('client address', () => {
  it(
    'reads the configured header, its last hop only, and ignores CF-Connecting-IP',
    async () => {
      // Many visitors behind the proxy: none is limited for the others' requests.
      const distinct: number[] = [];
      for (let i = 0; i < 32; i++) {
        distinct.push(
          await send(
            'DELETE',
            `/holds/${crypto.randomUUID()}`,
            from(newAddress(), { 'cf-connecting-ip': '192.0.2.1' }),
          ),
        );
      }
      expect(distinct).toEqual(Array(32).fill(404));
      // One visitor inventing a new CF-Connecting-IP and X-Forwarded-For prefix each time.
      const address = newAddress();
      const same: number[] = [];
      await inOneRateWindow(async () => {
        for (let i = 0; i < 32; i++) {
          same.push(
            await send(
              'DELETE',
              `/holds/${crypto.randomUUID()}`,
              from(address, {
                'cf-connecting-ip': `192.0.2.${i + 2}`,
                'x-forwarded-for': `10.0.0.${i}, ${address}`,
              }),
            ),
          );
        }
      });
      expect(same).toEqual([...Array(30).fill(404), 429, 429]);
    },
    RATE_WINDOW_TEST_TIMEOUT,
  );
});

describe('shared budgets', () => {
  it('does not let invalid requests from many addresses lock a business out', async () => {
    // More invalid writes than the tenant's whole budget (600 a minute), each address
    // under its own limit (30): none reaches the booking path.
    const addresses = Array.from({ length: 25 }, newAddress);
    const statuses = await Promise.all(
      addresses.map(async (address) => {
        const own: number[] = [];
        for (let i = 0; i < 25; i++) own.push(await send('POST', '/holds', from(address), {}));
        return own;
      }),
    );
    expect(statuses.flat().every((status) => status === 400)).toBe(true);
    const [start_time] = await slotsOf(staff[3]!, firstDay);
    expect(
      await send('POST', '/holds', from(newAddress()), {
        service_id: 'cut',
        staff_id: staff[3],
        start_time,
      }),
    ).toBe(201);
  });
});
