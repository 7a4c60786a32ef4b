import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_LINE, CONTROL_TEXT, deepObjectJson } from '../support/bad-input.ts';
import { upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Every public route against malformed input (API.md: "No server error (5xx) for any
 * client mistake"): each answer a 4xx problem+json, and nothing written.
 */
let stack: TestStack;
let db: pg.Client;
let slot: { start_time: string; staff_id: string };
let booking: { id: string; token: string };

const HUGE = 'x'.repeat(10_000);
const WRONG_TYPES = [null, 123, true, [], {}, '', HUGE];

beforeAll(async () => {
  stack = await startTestStack();
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const date = upcomingDate('America/New_York', 9);
  const list = await fetch(
    `${stack.url}/api/booking/v1/demo/availability?service_id=haircut&date=${date}`,
  ).then(
    (r) =>
      r.json() as Promise<{
        days: Array<{ slots: Array<{ start_time: string; staff_id: string }> }>;
      }>,
  );
  slot = list.days[0]!.slots[0]!;
  const booked = await fetch(`${stack.url}/api/booking/v1/demo/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      service_id: 'haircut',
      staff_id: slot.staff_id,
      start_time: list.days[0]!.slots[2]!.start_time,
      customer: { name: 'Valid', email: 'valid@example.com' },
    }),
  }).then((r) => r.json() as Promise<{ appointment: { id: string }; manage_token: string }>);
  booking = { id: booked.appointment.id, token: booked.manage_token };
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

const validBooking = () => ({
  service_id: 'haircut',
  staff_id: slot.staff_id,
  start_time: slot.start_time,
  customer: { name: 'Ann', email: 'ann@example.com' },
});

function bodyCases(
  method: string,
  path: string,
  valid: Record<string, unknown>,
  fields: Record<string, unknown[]>,
): Case[] {
  const cases: Case[] = [];
  for (const [field, values] of Object.entries(fields)) {
    for (const value of values) {
      const body = { ...valid };
      const [head, tail] = field.split('.');
      if (tail) body[head!] = { ...(body[head!] as object), [tail]: value };
      else body[field] = value;
      cases.push({
        name: `${method} ${path} ${field}=${JSON.stringify(value)?.slice(0, 30)}`,
        method,
        path,
        body: JSON.stringify(body),
      });
    }
    if (!field.includes('.')) {
      const { [field]: _, ...missing } = valid;
      if (field in valid && !['staff_id', 'notes', 'reason'].includes(field)) {
        cases.push({
          name: `${method} ${path} without ${field}`,
          method,
          path,
          body: JSON.stringify(missing),
        });
      }
    }
  }
  for (const raw of ['{', '[]', 'null', '"text"', '{"a":', 'x'.repeat(70_000)]) {
    cases.push({ name: `${method} ${path} raw ${raw.slice(0, 10)}`, method, path, body: raw });
  }
  cases.push({
    name: `${method} ${path} unknown field`,
    method,
    path,
    body: JSON.stringify({ ...valid, surprise: 1 }),
  });
  cases.push({
    name: `${method} ${path} __proto__`,
    method,
    path,
    body: `{"__proto__": {"admin": true}, ${JSON.stringify(valid).slice(1)}`,
  });
  cases.push({
    name: `${method} ${path} text/plain`,
    method,
    path,
    body: JSON.stringify(valid).replace('haircut', 'no-such'),
    headers: { 'content-type': 'text/plain' },
  });
  return cases;
}

function allCases(): Case[] {
  const instants = [
    ...WRONG_TYPES,
    '2027-13-01T00:00:00Z',
    '2027-02-30T10:00:00Z',
    'tomorrow',
    '2027-01-01',
    '1e20',
    '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59-14:00',
    '0001-01-01T00:00:00Z',
    '2300-01-01T10:00:00Z',
  ];
  const refs = [
    ...WRONG_TYPES,
    'no-such-thing',
    crypto.randomUUID(),
    '../../etc',
    "'; drop table x; --",
  ];
  const bookingPath = '/demo/appointments';
  const manage = `/demo/appointments/${booking.id}`;
  const q = (query: string): Case => ({
    name: `GET availability?${query.slice(0, 40)}`,
    method: 'GET',
    path: `/demo/availability?${query}`,
  });
  return [
    ...bodyCases('POST', bookingPath, validBooking(), {
      service_id: refs,
      staff_id: refs,
      location_id: refs,
      start_time: instants,
      // (An unknown but well-formed hold id books the slot if it is still free: by design.)
      hold_id: [...WRONG_TYPES, 'not-a-uuid'],
      customer: WRONG_TYPES,
      'customer.name': [null, '', 1, HUGE, ...CONTROL_LINE],
      'customer.email': [null, '', 'no-at', 'a@', HUGE, 5, 'a\u0000@example.com'],
      'customer.phone': ['abc', HUGE, 5, '++'],
      timezone: ['Mars/Base', 5, HUGE, 'utc+1'],
      locale: ['xx', 5, HUGE],
      notes: [5, HUGE, ...CONTROL_TEXT],
      answers: [
        'text',
        5,
        [1],
        { k: HUGE },
        { 'k\u0000': 'x' },
        { k: 'a\u0000b' },
        { k: '\ud800' },
        { 'two\nlines': 'x' },
      ],
      metadata: [{ utm_source: 'a\u0000b' }, { 'utm\u0000': 'x' }, { utm_source: { deep: 1 } }],
    }),
    ...bodyCases(
      'POST',
      '/demo/holds',
      { service_id: 'haircut', staff_id: slot.staff_id, start_time: slot.start_time },
      {
        service_id: refs,
        staff_id: refs,
        start_time: instants,
        customer_email: ['no-at', 5, HUGE],
      },
    ),
    ...bodyCases(
      'PUT',
      `${manage}/reschedule?token=${booking.token}`,
      { start_time: slot.start_time },
      {
        start_time: instants,
        staff_id: refs,
      },
    ),
    ...bodyCases(
      'DELETE',
      `${manage}/cancel?token=x${booking.token.slice(1)}`,
      { reason: 'x' },
      { reason: [5, HUGE, {}, ...CONTROL_TEXT] },
    ),
    { name: 'DELETE hold not a uuid', method: 'DELETE', path: '/demo/holds/not-a-uuid' },
    { name: 'DELETE hold unknown', method: 'DELETE', path: `/demo/holds/${crypto.randomUUID()}` },
    { name: 'GET appointment no token', method: 'GET', path: manage },
    { name: 'GET appointment bad token', method: 'GET', path: `${manage}?token=${HUGE}` },
    {
      name: 'GET appointment other token',
      method: 'GET',
      path: `${manage}?token=${'A'.repeat(43)}`,
    },
    {
      name: 'GET appointment bad id',
      method: 'GET',
      path: `/demo/appointments/%00?token=${booking.token}`,
    },
    { name: 'GET ics bad token', method: 'GET', path: `${manage}/calendar.ics?token=nope` },
    { name: 'GET live without upgrade', method: 'GET', path: '/demo/live?staff_id=x' },
    { name: 'GET unknown tenant', method: 'GET', path: '/no-such-tenant/services' },
    { name: 'GET tenant slug injection', method: 'GET', path: "/demo'--/services" },
    { name: 'GET service bad ref', method: 'GET', path: `/demo/services/${HUGE.slice(0, 500)}` },
    { name: 'GET staff bad ref', method: 'GET', path: '/demo/staff/%F0%9F%92%A9' },
    q('service_id=haircut'),
    q('date=2027-01-05'),
    q('service_id=haircut&date=2027-01-05&start_date=2027-01-05&end_date=2027-01-06'),
    q('service_id=haircut&date=05/01/2027'),
    q('service_id=haircut&date=2027-02-30'),
    q('service_id=haircut&start_date=2027-01-05'),
    q('service_id=haircut&start_date=2027-01-01&end_date=2028-01-01'),
    q('service_id=haircut&date=2027-01-05&timezone=Nowhere/Land'),
    q('service_id=haircut&date=2027-01-05&staff_id=no-such'),
    q(`service_id=${HUGE.slice(0, 2000)}&date=2027-01-05`),
    q('service_id=haircut&date=99999-01-05'),
    q('service_id=haircut&date=9999-12-31'),
    q('service_id=haircut&start_date=9999-12-30&end_date=9999-12-31'),
    q('service_id=haircut&date=0001-01-01'),
    q('service_id=a%00b&date=2027-01-05'),
    q('service_id=haircut&staff_id=a%00b&date=2027-01-05'),
    q('service_id=haircut&date=2027-01-05%00'),
    q('service_id=haircut&date=2027-01-05&timezone=America/New_York%00'),
    { name: 'GET service NUL', method: 'GET', path: '/demo/services/a%00b' },
    { name: 'GET service bidi', method: 'GET', path: '/demo/services/%E2%80%AEa' },
    { name: 'GET staff NUL', method: 'GET', path: '/demo/staff/a%00b' },
    { name: 'GET tenant NUL', method: 'GET', path: '/de%00mo/services' },
    { name: 'GET appointment NUL token', method: 'GET', path: `${manage}?token=a%00b` },
    { name: 'GET live NUL', method: 'GET', path: '/demo/live?service_id=a%00b' },
    {
      name: 'POST booking answers 10,000 deep',
      method: 'POST',
      path: bookingPath,
      body: JSON.stringify({ ...validBooking(), answers: '__DEEP__' }).replace(
        '"__DEEP__"',
        deepObjectJson(10_000),
      ),
    },
  ];
}

async function snapshot(): Promise<string> {
  const rows = await db.query(
    `SELECT (SELECT count(*) FROM appointments) a, (SELECT count(*) FROM booking_occupancies WHERE status <> 'released') o,
            (SELECT count(*) FROM booking_customers) c, (SELECT max(updated_at)::text FROM appointments) u`,
  );
  return JSON.stringify(rows.rows[0]);
}

describe('bad input on the public routes', () => {
  it('answers every malformed request with a 4xx problem and writes nothing', async () => {
    const cases = allCases();
    const before = await snapshot();
    const failures: string[] = [];
    const families = new Map<string, { cases: number; fivexx: number }>();
    for (const c of cases) {
      const response = await fetch(`${stack.url}/api/booking/v1${c.path}`, {
        method: c.method,
        headers: { 'content-type': 'application/json', ...c.headers },
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      const family = `${c.method} ${c.path.split('?')[0]!.replace(/\/[0-9a-f-]{36}/g, '/:id')}`;
      const tally = families.get(family) ?? { cases: 0, fivexx: 0 };
      families.set(family, {
        cases: tally.cases + 1,
        fivexx: tally.fivexx + (response.status >= 500 ? 1 : 0),
      });
      const type = response.headers.get('content-type') ?? '';
      const text = await response.text();
      if (
        response.status < 400 ||
        response.status >= 500 ||
        !type.includes('application/problem+json')
      ) {
        failures.push(`${c.name}: ${response.status} ${text.slice(0, 120)}`);
      }
    }
    const fivexx = failures.filter((f) => / 5\d\d /.test(f)).length;
    console.log(
      `PUBLIC-BAD-INPUT cases=${cases.length} fivexx=${fivexx} other_failures=${failures.length - fivexx}`,
    );
    console.log(
      `PUBLIC-BAD-INPUT by route: ${[...families]
        .filter(([, tally]) => tally.cases > 2)
        .map(([family, tally]) => `${family}=${tally.cases}/${tally.fivexx}`)
        .join(', ')}`,
    );
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(150);
    expect(await snapshot()).toBe(before);
  }, 120_000);
});

/** A WebSocket upgrade request's status (fetch may not send `Upgrade`). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    request.on('error', reject);
  });
}

describe('bad input on lookups and the manage page', () => {
  it('answers NUL bytes and far-future days with a 4xx or the page, never a 5xx', async () => {
    const v1 = `${stack.url}/api/booking/v1`;
    const statuses: Record<string, number> = {
      'live service NUL': await upgradeStatus(`${v1}/demo/live?service_id=a%00b`),
      'live staff NUL': await upgradeStatus(`${v1}/demo/live?staff_id=a%00b`),
    };
    const page = `${stack.url}/manage/demo/${booking.id}`;
    for (const [label, query] of [
      ['page date 9999', `?token=${booking.token}&date=9999-12-31`],
      ['page date NUL', `?token=${booking.token}&date=2027-01-01%00`],
      ['page token NUL', '?token=a%00b'],
    ] as const) {
      statuses[label] = (await fetch(`${page}${query}`)).status;
    }
    // (A lone surrogate cannot be form-encoded: it arrives as U+FFFD, which is fine.)
    const formReasons = CONTROL_TEXT.filter((reason) => !/\p{Cs}/u.test(reason));
    for (const reason of formReasons) {
      const response = await fetch(`${page}/cancel?token=${booking.token}`, {
        method: 'POST',
        body: new URLSearchParams({ reason }),
      });
      statuses[`page cancel reason ${JSON.stringify(reason)}`] = response.status;
    }
    const response = await fetch(`${page}/reschedule?token=${booking.token}`, {
      method: 'POST',
      body: new URLSearchParams({ start_time: '9999-12-31T23:59:59Z', date: '9999-12-31' }),
    });
    statuses['page reschedule 9999'] = response.status;
    console.log(`PUBLIC-LOOKUPS ${JSON.stringify(statuses)}`);
    expect(Object.entries(statuses).filter(([, status]) => status >= 500)).toEqual([]);
    expect(statuses['live service NUL']).toBe(404);
    expect(statuses['live staff NUL']).toBe(404);
    for (const reason of formReasons) {
      expect(statuses[`page cancel reason ${JSON.stringify(reason)}`]).toBe(400);
    }
    // Nothing was cancelled by any of it.
    const still = await db.query('SELECT status FROM appointments WHERE id = $1', [booking.id]);
    expect(still.rows[0].status).toBe('confirmed');
  });
});
