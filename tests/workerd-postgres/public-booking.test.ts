import ICAL from 'ical.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, locationBody, serviceBody } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let date: string;

interface Slot {
  start_time: string;
  end_time: string;
  staff_id: string;
  location_id: string | null;
  remaining_capacity: number;
}
interface Availability {
  service_id: string;
  timezone: string;
  days: Array<{ date: string; slots: Slot[] }>;
}
interface Booking {
  appointment: Record<string, unknown> & {
    id: string;
    staff_id: string;
    start_time: string;
    confirmation_code: string;
    status: string;
  };
  manage_token: string;
  manage_url: string;
  calendar_url: string;
  payment: null;
}

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  date = upcomingDate('America/New_York', 7);
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

async function slots(query: string): Promise<Slot[]> {
  const response = await api.get<Availability>(`/demo/availability?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.days.flatMap((day) => day.slots);
}

const customer = (n: number) => ({
  name: `Customer ${n}`,
  email: `customer${n}@example.com`,
  phone: '+15555550100',
});

async function book(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return api.request<Booking>('POST', '/demo/appointments', { body, headers });
}

/** Books `slot` of `service` (as listed) for customer `n`. */
async function bookSlot(
  service: string,
  slot: Slot,
  n: number,
  extra: Record<string, unknown> = {},
) {
  return book({
    service_id: service,
    staff_id: slot.staff_id,
    start_time: slot.start_time,
    customer: customer(n),
    ...extra,
  });
}

describe('catalog', () => {
  it('lists the demo services, staff and locations with public fields only', async () => {
    const services = await api.get<{ data: Array<{ slug: string; duration_minutes: number }> }>(
      '/demo/services',
    );
    expect(services.body.data.map((s) => s.slug).sort()).toEqual(['color', 'haircut', 'massage']);
    const haircut = await api.get('/demo/services/haircut');
    expect(haircut.body).toMatchObject({
      slug: 'haircut',
      duration_minutes: 30,
      price_cents: 3500,
    });
    const staff = await api.get<{ data: Array<Record<string, unknown>> }>('/demo/staff');
    expect(staff.body.data).toHaveLength(2);
    for (const member of staff.body.data) {
      expect(Object.keys(member).sort()).toEqual([
        'avatar_url',
        'bio',
        'id',
        'name',
        'slug',
        'title',
      ]);
    }
    const locations = await api.get<{ data: unknown[] }>('/demo/locations');
    expect(locations.body.data).toHaveLength(1);
    expectProblem(await api.get('/demo/services/no-such-service'), 404, 'not_found');
  });

  it('lets any page read the profile, saying whether that page may book', async () => {
    const from = (origin: string, path = '') =>
      api.request<{ origin_allowed: boolean }>('GET', `/demo${path}`, { headers: { origin } });
    const stranger = await from('https://stranger.example');
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get('access-control-allow-origin')).toBe('https://stranger.example');
    expect(stranger.headers.get('vary')).toContain('Origin');
    expect(stranger.body.origin_allowed).toBe(false);
    // The rest stays closed to pages the business has not allowed.
    const services = await from('https://stranger.example', '/services');
    expect(services.headers.get('access-control-allow-origin')).toBeNull();
    const own = await from('http://localhost:5173');
    expect(own.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(own.body.origin_allowed).toBe(true);
  });

  it('gives staff and locations a slug made from the name, and finds them by it', async () => {
    const staff = await api.get<{ data: Array<{ id: string; name: string; slug: string }> }>(
      '/demo/staff',
    );
    expect(staff.body.data.map((s) => [s.name, s.slug])).toEqual([
      ['Alex Rivera', 'alex-rivera'],
      ['Sam Chen', 'sam-chen'],
    ]);
    const locations = await api.get<{ data: Array<{ slug: string }> }>('/demo/locations');
    expect(locations.body.data.map((l) => l.slug)).toEqual(['main-street']);
    const alex = staff.body.data[0]!;
    expect((await api.get(`/demo/staff/alex-rivera`)).body).toMatchObject({ id: alex.id });
    // Accents dropped, any other run of characters one hyphen, none at the ends; renaming
    // renames the slug (it is generated from the name).
    const tenant = await db.query<{ tenant_id: string }>(
      'SELECT tenant_id FROM booking_staff WHERE id = $1',
      [alex.id],
    );
    const created = await db.query<{ id: string; slug: string }>(
      `INSERT INTO booking_staff (tenant_id, name, status) VALUES ($1, $2, 'inactive')
       RETURNING id, slug`,
      [tenant.rows[0]!.tenant_id, '  José Núñez-O’Brien (Sr.) '],
    );
    expect(created.rows[0]!.slug).toBe('jose-nunez-o-brien-sr');
    const renamed = await db.query<{ slug: string }>(
      `UPDATE booking_staff SET name = 'Zoë' WHERE id = $1 RETURNING slug`,
      [created.rows[0]!.id],
    );
    expect(renamed.rows[0]!.slug).toBe('zoe');
    await db.query('DELETE FROM booking_staff WHERE id = $1', [created.rows[0]!.id]);
    // Slugs work wherever the public API takes a staff or location reference.
    const bySlug = await slots(
      `service_id=haircut&staff_id=alex-rivera&location_id=main-street&date=${date}`,
    );
    expect(bySlug.length).toBeGreaterThan(0);
    expect(new Set(bySlug.map((slot) => slot.staff_id))).toEqual(new Set([alex.id]));
  });
});

describe('the profile with its lists (one request for a widget)', () => {
  type Lists = Record<'services' | 'staff' | 'locations', Array<{ id: string }>>;
  const ALL = 'services,staff,locations';

  /** The profile, then each list from its own route, as a widget read them before. */
  async function separately(slug: string, origin?: string) {
    const headers = origin ? { headers: { origin } } : {};
    const read = async (path: string) => {
      const response = await api.request<{ data: Array<{ id: string }> }>(
        'GET',
        `/${slug}${path}`,
        headers,
      );
      expect(response.status).toBe(200);
      return response.body.data;
    };
    const profile = await api.request('GET', `/${slug}`, headers);
    expect(profile.status).toBe(200);
    return {
      ...profile.body,
      services: await read('/services'),
      staff: await read('/staff'),
      locations: await read('/locations'),
    };
  }

  it('answers exactly what the profile and the three lists answer, leaving out what they leave out', async () => {
    const tenant = await createTenant(api, { allowed_domains: ['shop.example'] });
    // Shown: in display order, ties by name. Hidden: not bookable online, inactive, archived.
    const later = await createVia(api, tenant, 'services', serviceBody({ display_order: 2 }));
    const first = await createVia(api, tenant, 'services', serviceBody({ display_order: 1 }));
    const offline = await createVia(
      api,
      tenant,
      'services',
      serviceBody({ online_booking_enabled: false }),
    );
    const paused = await createVia(api, tenant, 'services', serviceBody({ status: 'inactive' }));
    const zoe = await createVia(api, tenant, 'staff', {
      name: 'Zoë Adams',
      email: 'zoe@example.com',
      title: 'Stylist',
    });
    const ana = await createVia(api, tenant, 'staff', { name: 'Ana Bell' });
    const away = await createVia(api, tenant, 'staff', { name: 'Away', status: 'inactive' });
    const studio = await createVia(
      api,
      tenant,
      'locations',
      locationBody({ latitude: 38.7223, longitude: -9.1393, is_primary: true }),
    );
    const closed = await createVia(api, tenant, 'locations', locationBody({ status: 'inactive' }));

    const together = await api.get<Record<string, unknown> & Lists>(
      `/${tenant.slug}?include=${ALL}`,
    );
    expect(together.status).toBe(200);
    expect(together.body).toEqual(await separately(tenant.slug));
    const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
    expect(ids(together.body.services)).toEqual([first.id, later.id]);
    expect(ids(together.body.staff)).toEqual([ana.id, zoe.id]);
    expect(ids(together.body.locations)).toEqual([studio.id]);
    for (const hidden of [offline, paused, away, closed]) {
      expect(JSON.stringify(together.body)).not.toContain(hidden.id);
    }
    // Public staff fields only, as `/staff` answers them.
    expect(JSON.stringify(together.body.staff)).not.toContain('zoe@example.com');
    expect(together.body.locations[0]).toMatchObject({ latitude: 38.7223, longitude: -9.1393 });

    // From a page the business allows: the same, readable there.
    const shop = 'https://shop.example';
    const fromShop = await api.request<Record<string, unknown>>(
      'GET',
      `/${tenant.slug}?include=${ALL}`,
      {
        headers: { origin: shop },
      },
    );
    expect(fromShop.headers.get('access-control-allow-origin')).toBe(shop);
    expect(fromShop.body).toEqual(await separately(tenant.slug, shop));
    expect(fromShop.body.origin_allowed).toBe(true);
  });

  it('adds only the lists named, and nothing without `include`', async () => {
    const profile = await api.get('/demo');
    expect(Object.keys(profile.body)).not.toContain('services');
    const some = await api.get<Record<string, unknown>>('/demo?include=staff,services,staff');
    const demo = await separately('demo');
    expect(some.body).toEqual({ ...profile.body, services: demo.services, staff: demo.staff });
    expect(await api.get(`/demo?include=${ALL}`).then((r) => r.body)).toEqual(demo);
  });

  it('gives a page the business has not allowed the profile alone, as its lists stay closed to it', async () => {
    const stranger = 'https://stranger.example';
    const response = await api.request('GET', `/demo?include=${ALL}`, {
      headers: { origin: stranger },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(stranger);
    expect(response.body).toEqual({ ...(await api.get('/demo')).body, origin_allowed: false });
  });

  it('refuses an unknown list (400) and an unknown business (404) with problem+json', async () => {
    for (const include of ['bookings', 'services,nope', '', 'services,']) {
      const problem = expectProblem(
        await api.get(`/demo?include=${include}`),
        400,
        'validation_failed',
      );
      expect(problem.errors?.[0]?.path).toMatch(/^include/);
    }
    const missing = await api.request('GET', `/no-such-business?include=${ALL}`, {
      headers: { origin: 'https://shop.example' },
    });
    expectProblem(missing, 404, 'not_found');
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('availability', () => {
  it('offers Mon–Sat 09:00–17:00 New York in 30-minute steps for a haircut, one slot per start', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    expect(list).toHaveLength(16);
    const first = new Date(list[0]!.start_time);
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        minute: '2-digit',
      }).format(first),
    ).toBe('09:00');
    expect(list.at(-1)!.end_time).toBe(
      new Date(first.getTime() + 8 * 3600_000).toISOString().replace('.000', ''),
    );
  });

  it('steps by duration + buffer after (massage: 60 + 15)', async () => {
    const list = await slots(`service_id=massage&date=${date}`);
    const gaps = list
      .slice(1)
      .map((slot, i) => (Date.parse(slot.start_time) - Date.parse(list[i]!.start_time)) / 60_000);
    expect(new Set(gaps)).toEqual(new Set([75]));
  });

  it('offers the massage with the massage therapist only, as the demo page says', async () => {
    const staff = await api.get<{ data: Array<{ id: string; slug: string }> }>('/demo/staff');
    const sam = staff.body.data.find((s) => s.slug === 'sam-chen')!;
    const list = await slots(`service_id=massage&date=${date}`);
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((slot) => slot.staff_id))).toEqual(new Set([sam.id]));
  });

  it('answers every date of a range, even empty ones (Sundays)', async () => {
    const response = await api.get<Availability>(
      `/demo/availability?service_id=haircut&start_date=${date}&end_date=${date.slice(0, 8)}${String(Number(date.slice(8))).padStart(2, '0')}`,
    );
    expect(response.status).toBe(200);
  });

  it('answers repeat requests from the isolate but shows a change written anywhere at once', async () => {
    // The cache (services/availability/cache.ts) is keyed on versions kept by database
    // triggers, so a write that bypasses the API (another isolate, cron, a script) counts.
    const first = await slots(`service_id=haircut&date=${date}`);
    const staffId = first[3]!.staff_id;
    const query = `service_id=haircut&date=${date}&staff_id=${staffId}`;
    const before = await slots(query);
    expect(await slots(query)).toEqual(before);
    const taken = before[3]!;
    const tenant = await db.query(`SELECT id FROM booking_tenants WHERE subdomain = 'demo'`);
    const busy = await db.query(
      `INSERT INTO booking_external_busy (tenant_id, staff_id, starts_at, ends_at, source_uid)
       VALUES ($1, $2, $3, $4, 'cache-test') RETURNING id`,
      [tenant.rows[0].id, staffId, taken.start_time, taken.end_time],
    );
    expect((await slots(query)).map((s) => s.start_time)).not.toContain(taken.start_time);
    await db.query('DELETE FROM booking_external_busy WHERE id = $1', [busy.rows[0].id]);
    expect(await slots(query)).toEqual(before);
  });

  it('never answers from before a booking or cancellation once it has been answered, under racing reads', async () => {
    // Readers hammer one staff member's day while the slot is booked and then cancelled.
    // A read sent after the write's response must not show the old state, whichever
    // answer (kept or computed) it gets; a read under way during the write may show either.
    const day = upcomingDate('America/New_York', 21);
    const staffId = (await slots(`service_id=haircut&date=${day}`))[0]!.staff_id;
    const query = `service_id=haircut&date=${day}&staff_id=${staffId}`;
    const target = (await slots(query))[4]!.start_time;
    const reads: Array<{ sent: number; done: number; shows: boolean }> = [];
    let reading = true;
    const readers = Array.from({ length: 8 }, async () => {
      while (reading) {
        const sent = performance.now();
        const shows = (await slots(query)).some((slot) => slot.start_time === target);
        reads.push({ sent, done: performance.now(), shows });
      }
    });
    // Each phase lasts until eight reads sent inside it have been answered: the test
    // counts answers instead of waiting a fixed time, which a loaded machine may fill
    // with fewer reads than expected.
    const answeredSince = async (since: number) => {
      while (reads.filter((read) => read.sent > since).length < 8) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };

    await answeredSince(-1);
    const bookSent = performance.now();
    const booked = await book({
      service_id: 'haircut',
      staff_id: staffId,
      start_time: target,
      customer: customer(40),
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const bookedAt = performance.now();
    await answeredSince(bookedAt);
    const cancelSent = performance.now();
    const cancelled = await api.request(
      'DELETE',
      `/demo/appointments/${booked.body.appointment.id}/cancel?token=${booked.body.manage_token}`,
      { body: {} },
    );
    expect(cancelled.status).toBe(200);
    const cancelledAt = performance.now();
    await answeredSince(cancelledAt);
    reading = false;
    await Promise.all(readers);

    const before = reads.filter((read) => read.done < bookSent);
    const whileBooked = reads.filter((read) => read.sent > bookedAt && read.done < cancelSent);
    const after = reads.filter((read) => read.sent > cancelledAt);
    expect(before.length).toBeGreaterThanOrEqual(8);
    expect(whileBooked.length).toBeGreaterThanOrEqual(8);
    expect(after.length).toBeGreaterThanOrEqual(8);
    expect(before.every((read) => read.shows)).toBe(true);
    expect(whileBooked.filter((read) => read.shows)).toEqual([]);
    expect(after.every((read) => read.shows)).toBe(true);
  });

  it.each([
    ['no service', 'date=2027-01-05'],
    ['no date', 'service_id=haircut'],
    ['bad date', 'service_id=haircut&date=2027-02-30'],
    ['bad zone', 'service_id=haircut&date=2027-01-05&timezone=Mars/Base'],
    ['range too long', 'service_id=haircut&start_date=2027-01-01&end_date=2027-03-01'],
    ['reversed range', 'service_id=haircut&start_date=2027-01-10&end_date=2027-01-01'],
    ['unknown parameter', 'service_id=haircut&date=2027-01-05&color=red'],
  ])('rejects %s with 400', async (_name, query) => {
    expectProblem(await api.get(`/demo/availability?${query}`), 400, 'validation_failed');
  });
});

describe('booking', () => {
  it('books a slot, returns code and links, and takes the slot away from everyone', async () => {
    const [slot] = await slots(`service_id=haircut&date=${date}`);
    const response = await book({
      service_id: 'haircut',
      staff_id: slot!.staff_id,
      start_time: slot!.start_time,
      customer: customer(1),
      timezone: 'America/Chicago',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const { appointment } = response.body;
    expect(appointment.confirmation_code).toMatch(/^[A-Z0-9]{8}$/);
    expect(appointment).toMatchObject({
      status: 'confirmed',
      start_time: slot!.start_time,
      total_price_cents: 3500,
      payment_status: 'unpaid',
      timezone: 'America/Chicago',
    });
    expect(response.body.payment).toBeNull();
    expect(response.body.calendar_url).toContain(
      `/demo/appointments/${appointment.id}/calendar.ics?token=`,
    );

    const after = await slots(`service_id=haircut&date=${date}&staff_id=${slot!.staff_id}`);
    expect(after.map((s) => s.start_time)).not.toContain(slot!.start_time);

    expectProblem(
      await book({
        service_id: 'haircut',
        staff_id: slot!.staff_id,
        start_time: slot!.start_time,
        customer: customer(2),
      }),
      409,
      'slot_unavailable',
    );
    const stored = await db.query(
      'SELECT customer_phone_encrypted FROM appointments WHERE id = $1',
      [appointment.id],
    );
    expect(stored.rows[0].customer_phone_encrypted).toMatch(/^v1\./);
  });

  it('with no staff, names the staff member it books and still offers the start with the other', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    const slot = list[3]!;
    const response = await book({
      service_id: 'haircut',
      start_time: slot.start_time,
      customer: customer(3),
    });
    expect(response.status).toBe(201);
    expect(response.body.appointment.staff_id).toBe(slot.staff_id);
    const again = await slots(`service_id=haircut&date=${date}`);
    const same = again.find((s) => s.start_time === slot.start_time);
    expect(same?.staff_id).toBeDefined();
    expect(same?.staff_id).not.toBe(slot.staff_id);
  });

  it('refuses a start outside the grid or in the past', async () => {
    const [slot] = await slots(`service_id=haircut&date=${date}`);
    const offGrid = new Date(Date.parse(slot!.start_time) + 7 * 60_000).toISOString();
    expectProblem(
      await book({ service_id: 'haircut', start_time: offGrid, customer: customer(4) }),
      409,
      'slot_unavailable',
    );
    expectProblem(
      await book({
        service_id: 'haircut',
        start_time: '2020-01-07T15:00:00Z',
        customer: customer(4),
      }),
      409,
      'slot_unavailable',
    );
  });

  it('honours Idempotency-Key: same body same answer, other body 422', async () => {
    const list = await slots(`service_id=color&date=${date}`);
    const body = {
      service_id: 'color',
      start_time: list[0]!.start_time,
      staff_id: list[0]!.staff_id,
      customer: customer(5),
    };
    const key = `key-${Date.now()}`;
    const first = await book(body, { 'idempotency-key': key });
    const second = await book(body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.appointment.id).toBe(first.body.appointment.id);
    const count = await db.query(
      'SELECT count(*)::int AS n FROM appointments WHERE customer_email = $1',
      ['customer5@example.com'],
    );
    expect(count.rows[0].n).toBe(1);
    expectProblem(
      await book({ ...body, notes: 'different' }, { 'idempotency-key': key }),
      422,
      'idempotency_mismatch',
    );
  });
});

describe('holds', () => {
  it('hides a held slot from others, lets its holder book it, and frees it on release', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    const slot = list[5]!;
    const hold = await api.post<{ hold_id: string; staff_id: string; expires_at: string }>(
      '/demo/holds',
      {
        service_id: 'haircut',
        staff_id: slot.staff_id,
        start_time: slot.start_time,
      },
    );
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    const minutes = (Date.parse(hold.body.expires_at) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
    const staffSlots = await slots(`service_id=haircut&date=${date}&staff_id=${slot.staff_id}`);
    expect(staffSlots.map((s) => s.start_time)).not.toContain(slot.start_time);
    expectProblem(
      await book({
        service_id: 'haircut',
        staff_id: slot.staff_id,
        start_time: slot.start_time,
        customer: customer(6),
      }),
      409,
      'slot_unavailable',
    );
    const booked = await book({
      service_id: 'haircut',
      start_time: slot.start_time,
      hold_id: hold.body.hold_id,
      customer: customer(7),
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.appointment.staff_id).toBe(slot.staff_id);

    const another = list[7]!;
    const second = await api.post<{ hold_id: string }>('/demo/holds', {
      service_id: 'haircut',
      staff_id: another.staff_id,
      start_time: another.start_time,
    });
    expect((await api.delete(`/demo/holds/${second.body.hold_id}`)).status).toBe(204);
    const back = await slots(`service_id=haircut&date=${date}&staff_id=${another.staff_id}`);
    expect(back.map((s) => s.start_time)).toContain(another.start_time);
  });

  it('expires through the SlotLock alarm, which is set for the expiry', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    const slot = list[9]!;
    const hold = await api.post<{ hold_id: string; staff_id: string; expires_at: string }>(
      '/demo/holds',
      {
        service_id: 'haircut',
        staff_id: slot.staff_id,
        start_time: slot.start_time,
      },
    );
    const tenant = await db.query(`SELECT id FROM booking_tenants WHERE subdomain = 'demo'`);
    const tenantId = tenant.rows[0].id as string;
    const alarm = await fetch(
      `${stack.url}/api/booking/v1/dev/slot-lock/${tenantId}/${slot.staff_id}/alarm`,
    ).then((r) => r.json() as Promise<{ alarm_at: string }>);
    // The alarm is due by the expiry (the API rounds expires_at down to whole seconds).
    expect(Date.parse(alarm.alarm_at)).toBeLessThan(Date.parse(hold.body.expires_at) + 1000);
    // Make the hold due, then let the alarm run (instead of waiting ten minutes).
    await db.query(
      `UPDATE booking_occupancies SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [hold.body.hold_id],
    );
    const fired = await fetch(
      `${stack.url}/api/booking/v1/dev/slot-lock/${tenantId}/${slot.staff_id}/alarm`,
      { method: 'POST' },
    );
    expect(fired.status).toBe(204);
    const row = await db.query('SELECT status FROM booking_occupancies WHERE id = $1', [
      hold.body.hold_id,
    ]);
    expect(row.rows[0].status).toBe('released');
    const back = await slots(`service_id=haircut&date=${date}&staff_id=${slot.staff_id}`);
    expect(back.map((s) => s.start_time)).toContain(slot.start_time);
  });
});

describe('manage links', () => {
  let booking: Booking;

  beforeAll(async () => {
    const list = await slots(`service_id=massage&date=${date}`);
    const response = await book({
      service_id: 'massage',
      staff_id: list[1]!.staff_id,
      start_time: list[1]!.start_time,
      customer: customer(8),
    });
    expect(response.status).toBe(201);
    booking = response.body;
  });

  const path = (suffix = '') => `/demo/appointments/${booking.appointment.id}${suffix}`;

  it('shows the appointment to the token holder only', async () => {
    const view = await api.get(`${path()}?token=${booking.manage_token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: booking.appointment.id, status: 'confirmed' });
    expectProblem(await api.get(path()), 401, 'unauthorized');
    const tampered = `${booking.manage_token.slice(0, -1)}${booking.manage_token.endsWith('A') ? 'B' : 'A'}`;
    const denied = expectProblem(await api.get(`${path()}?token=${tampered}`), 401, 'unauthorized');
    expect(JSON.stringify(denied)).not.toContain('Customer 8');
    expectProblem(
      await api.get(`/demo/appointments/${crypto.randomUUID()}?token=${booking.manage_token}`),
      401,
      'unauthorized',
    );
  });

  it('serves a valid RFC 5545 VEVENT', async () => {
    const response = await fetch(
      `${stack.url}/api/booking/v1${path('/calendar.ics')}?token=${booking.manage_token}`,
    );
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const component = new ICAL.Component(ICAL.parse(await response.text()));
    const event = component.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(`${booking.appointment.id}@booksprintz`);
    expect(event.getFirstPropertyValue('dtstamp')).toBeTruthy();
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.toJSDate().toISOString().replace('.000', '')).toBe(booking.appointment.start_time);
    expect(start.zone?.tzid).toBe('UTC');
    expect(String(event.getFirstPropertyValue('summary'))).toContain('Massage');
    expect(String(event.getFirstPropertyValue('location'))).toContain('Main Street');
    expect(String(event.getFirstPropertyValue('organizer'))).toContain('mailto:');
  });

  it('reschedules atomically: a refused move changes nothing', async () => {
    const list = await slots(
      `service_id=massage&date=${date}&staff_id=${booking.appointment.staff_id}`,
    );
    const target = list.at(-1)!;
    const before = await db.query(
      'SELECT start_time, occupancy_id FROM appointments WHERE id = $1',
      [booking.appointment.id],
    );
    expectProblem(
      await api.put(`${path('/reschedule')}?token=${booking.manage_token}`, {
        start_time: '2020-01-01T15:00:00Z',
      }),
      409,
      'slot_unavailable',
    );
    const unchanged = await db.query(
      'SELECT start_time, occupancy_id FROM appointments WHERE id = $1',
      [booking.appointment.id],
    );
    expect(unchanged.rows).toEqual(before.rows);
    const moved = await api.put(`${path('/reschedule')}?token=${booking.manage_token}`, {
      start_time: target.start_time,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ start_time: target.start_time, status: 'confirmed' });
    const freed = await slots(
      `service_id=massage&date=${date}&staff_id=${booking.appointment.staff_id}`,
    );
    expect(freed.map((s) => s.start_time)).toContain(booking.appointment.start_time);
    expect(freed.map((s) => s.start_time)).not.toContain(target.start_time);
  });

  it('cancels with a reason and frees the slot at once', async () => {
    const cancelled = await api.request(
      'DELETE',
      `${path('/cancel')}?token=${booking.manage_token}`,
      { body: { reason: 'Sick' } },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation_reason: 'Sick' });
    const rows = await db.query(
      `SELECT o.status FROM booking_occupancies o JOIN appointments a ON a.occupancy_id = o.id WHERE a.id = $1`,
      [booking.appointment.id],
    );
    expect(rows.rows[0].status).toBe('released');
    const again = await api.request(
      'DELETE',
      `${path('/cancel')}?token=${booking.manage_token}`,
      {},
    );
    expect(again.status).toBe(200);
  });
});

describe('manage page', () => {
  it('shows the appointment behind its manage link and cancels it from the page', async () => {
    const list = await slots(`service_id=color&date=${date}`);
    const response = await bookSlot('color', list.at(-1)!, 11, { timezone: 'Europe/Paris' });
    expect(response.status).toBe(201);
    const page = await fetch(response.body.manage_url);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain(response.body.appointment.confirmation_code);
    // The zone as the widget names it, and the business's own time beside it.
    expect(text).toContain('Central European Time (Paris)');
    expect(text).toContain('calendar.ics?token=');
    const forged = await fetch(response.body.manage_url.replace(/token=.*/, 'token=forged'));
    expect(forged.status).toBe(401);
    const cancelled = await fetch(response.body.manage_url.replace(/\?token=/, '/cancel?token='), {
      method: 'POST',
      body: new URLSearchParams({ reason: 'Changed plans' }),
    });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('cancelled');
    const row = await db.query(
      'SELECT status, cancellation_reason FROM appointments WHERE id = $1',
      [response.body.appointment.id],
    );
    expect(row.rows[0]).toEqual({ status: 'cancelled', cancellation_reason: 'Changed plans' });
  });

  it('speaks the language the customer booked in', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    const response = await bookSlot('haircut', list.at(-2)!, 12, { locale: 'fr' });
    expect(response.status).toBe(201);
    const text = await (await fetch(response.body.manage_url)).text();
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain('<title>Votre rendez-vous — Demo Salon</title>');
    expect(text).toMatch(/data-testid="status">Confirmé</);
    expect(text).toContain('Annuler le rendez-vous');
    expect(text).not.toMatch(/Cancel|Reason|Add to calendar/);
    const cancelled = await fetch(response.body.manage_url.replace(/\?token=/, '/cancel?token='), {
      method: 'POST',
    });
    expect(await cancelled.text()).toContain('Votre rendez-vous est annulé.');
  });
});

describe('moving an appointment from its manage page', () => {
  /** The page's offered times for a day (the buttons of its move form). */
  const offered = (page: string) =>
    [...page.matchAll(/name="start_time" value="([^"]+)"/g)].map((match) => match[1]!);
  const moveUrl = (booking: Booking) =>
    booking.manage_url.replace(/\?token=/, '/reschedule?token=');
  const startOf = async (id: string) =>
    (
      await db.query<{ start_time: Date }>('SELECT start_time FROM appointments WHERE id = $1', [
        id,
      ])
    ).rows[0]!.start_time.toISOString();

  it('offers the staff member’s free times of a day and moves the appointment to one', async () => {
    const day = upcomingDate('America/New_York', 14);
    const [first] = await slots(`service_id=haircut&date=${day}`);
    const booked = await bookSlot('haircut', first!, 13);
    expect(booked.status).toBe(201);
    const page = await (await fetch(`${booked.body.manage_url}&date=${day}`)).text();
    expect(page).toContain('Change time');
    // Exactly what availability lists for that staff member, which no longer has the booked time.
    const free = await slots(`service_id=haircut&staff_id=${first!.staff_id}&date=${day}`);
    expect(offered(page)).toEqual(free.map((slot) => slot.start_time));
    expect(offered(page)).not.toContain(first!.start_time);

    const target = free[2]!.start_time;
    const moved = await fetch(moveUrl(booked.body), {
      method: 'POST',
      body: new URLSearchParams({ start_time: target, date: day }),
    });
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain('Your appointment has been moved.');
    expect(await startOf(booked.body.appointment.id)).toBe(new Date(target).toISOString());
    // Its old time is free again.
    const after = await slots(`service_id=haircut&staff_id=${first!.staff_id}&date=${day}`);
    expect(after.map((slot) => slot.start_time)).toContain(first!.start_time);
  });

  it('says so when the chosen time was taken meanwhile, and shows the day again', async () => {
    const day = upcomingDate('America/New_York', 15);
    const staffId = (await slots(`service_id=haircut&date=${day}`))[0]!.staff_id;
    const [first, , third] = await slots(`service_id=haircut&staff_id=${staffId}&date=${day}`);
    const mine = await bookSlot('haircut', first!, 14);
    const page = await (await fetch(`${mine.body.manage_url}&date=${day}`)).text();
    expect(offered(page)).toContain(third!.start_time);
    // Someone else books it before this customer clicks.
    const other = await bookSlot('haircut', third!, 15);
    expect(other.status).toBe(201);
    const refused = await fetch(moveUrl(mine.body), {
      method: 'POST',
      body: new URLSearchParams({ start_time: third!.start_time, date: day }),
    });
    expect(refused.status).toBe(200);
    const text = await refused.text();
    expect(text).toContain('that time has just been taken');
    expect(offered(text).length).toBeGreaterThan(0);
    expect(offered(text)).not.toContain(third!.start_time);
    expect(await startOf(mine.body.appointment.id)).toBe(new Date(first!.start_time).toISOString());
  });

  it('shows no times for a day that does not exist, and refuses a move without a time', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    const booked = await bookSlot('haircut', list.at(-3)!, 16);
    const page = await fetch(`${booked.body.manage_url}&date=2027-02-30`);
    expect(page.status).toBe(200);
    expect(offered(await page.text())).toEqual([]);
    const refused = await fetch(moveUrl(booked.body), {
      method: 'POST',
      body: new URLSearchParams({ start_time: 'soon' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { code: string }).code).toBe('validation_failed');
  });
});

describe('live slots', () => {
  /** Opens the live feed for `query`; `next()` waits (up to 1 s) for what it has heard. */
  async function listen(query: string) {
    const socket = new WebSocket(
      `${stack.url.replace('http', 'ws')}/api/booking/v1/demo/live?${query}`,
    );
    const messages: Array<Record<string, string>> = [];
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error('socket failed')));
    });
    socket.addEventListener('message', (event) => messages.push(JSON.parse(String(event.data))));
    return {
      async next() {
        for (let i = 0; i < 50 && messages.length === 0; i++)
          await new Promise((r) => setTimeout(r, 20));
        socket.close();
        return messages;
      },
    };
  }

  it('tells an open widget when a slot is taken', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    const slot = list[11]!;
    const feed = await listen(`staff_id=${slot.staff_id}`);
    const response = await bookSlot('haircut', slot, 9);
    expect(response.status).toBe(201);
    expect(await feed.next()).toContainEqual({
      type: 'taken',
      staff_id: slot.staff_id,
      start_time: slot.start_time,
      end_time: slot.end_time,
    });
  });

  it('follows every eligible calendar for "any available" (service only)', async () => {
    const list = await slots(`service_id=haircut&date=${date}`);
    const slot = list[13]!;
    const feed = await listen('service_id=haircut');
    const response = await book({
      service_id: 'haircut',
      start_time: slot.start_time,
      customer: customer(10),
    });
    expect(response.status).toBe(201);
    expect(await feed.next()).toContainEqual(
      expect.objectContaining({
        type: 'taken',
        staff_id: response.body.appointment.staff_id,
        start_time: slot.start_time,
      }),
    );
  });
});
