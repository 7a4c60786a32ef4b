import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createVia, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * `GET /tenants/:id/external-busy` (docs/calendar-sync.md) against the real stack: busy
 * time imported by real syncs of calendar files served here, read back per business
 * day, merged per staff member, narrowed for staff keys, bad ranges refused.
 */
const ZONE = 'America/New_York';

let stack: TestStack;
let api: ApiClient;
let tenant: TenantRef;
let ana: string;
let ben: string;
/** A Wednesday at least three days ahead in the business's zone. */
let day: string;
const files = new Map<string, string>();
let server: Server;
let base: string;

/** `DTSTART;TZID=America/New_York:20300305T100000`-style local time on `date`. */
const local = (name: string, date: string, time: string) =>
  `${name};TZID=${ZONE}:${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
const event = (uid: string, date: string, start: string, end: string) =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    local('DTSTART', date, start),
    local('DTEND', date, end),
    'END:VEVENT',
  ].join('\r\n');
const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//tests//EN', ...events, 'END:VCALENDAR', ''].join(
    '\r\n',
  );
/** The instant of a local wall time in the business's zone, as the API writes it. */
const instant = (date: string, time: string) => {
  const guess = new Date(`${date}T${time}:00Z`);
  const offset =
    new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' })).getTime() -
    new Date(guess.toLocaleString('en-US', { timeZone: ZONE })).getTime();
  return new Date(guess.getTime() + offset).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

async function connect(staffId: string, name: string, text: string) {
  files.set(`/${name}.ics`, text);
  const created = await createVia<{ id: string; status: string }>(
    api,
    tenant,
    'calendar-connections',
    {
      staff_id: staffId,
      provider: 'ics',
      url: `${base}/${name}.ics`,
    },
  );
  expect(created.status, JSON.stringify(created)).toBe('active');
}

const busy = (query: string, key = tenant.key) =>
  api.get<{ data: Array<{ staff_id: string; starts_at: string; ends_at: string }> }>(
    `/tenants/${tenant.id}/external-busy?${query}`,
    key,
  );

beforeAll(async () => {
  server = createServer((request, response) => {
    const text = files.get(request.url ?? '');
    response.writeHead(text ? 200 : 404, { 'content-type': 'text/calendar' });
    response.end(text ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stack = await startTestStack();
  api = apiClient(stack.url);
  tenant = await createTenant(api, { timezone: ZONE });
  const staff = { timezone: ZONE, max_advance_booking_days: 60 };
  ana = (await createVia(api, tenant, 'staff', { name: 'Ana', ...staff })).id;
  ben = (await createVia(api, tenant, 'staff', { name: 'Ben', ...staff })).id;
  day = upcomingDate(ZONE, 3, [3]);
  // Ana: the same 10:00 meeting in two calendars, one running on to 11:30, and a
  // separate 14:00 hour; a late-evening event the next day. Ben: one hour at 09:00.
  await connect(
    ana,
    'ana-work',
    calendar(
      event('meeting@x', day, '10:00', '11:00'),
      event('late@x', addDays(day, 1), '22:00', '23:00'),
    ),
  );
  await connect(
    ana,
    'ana-personal',
    calendar(event('meeting@y', day, '10:30', '11:30'), event('dentist@y', day, '14:00', '15:00')),
  );
  await connect(ben, 'ben', calendar(event('gym@z', day, '09:00', '10:00')));
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

describe('external busy time for the owner calendar', () => {
  it("lists the team's busy time for a day, merged per staff member and in order", async () => {
    const response = await busy(`start_date=${day}&end_date=${day}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [first, second] = [ana, ben].sort();
    const expected = {
      [ana]: [
        { staff_id: ana, starts_at: instant(day, '10:00'), ends_at: instant(day, '11:30') },
        { staff_id: ana, starts_at: instant(day, '14:00'), ends_at: instant(day, '15:00') },
      ],
      [ben]: [{ staff_id: ben, starts_at: instant(day, '09:00'), ends_at: instant(day, '10:00') }],
    };
    expect(response.body.data).toEqual([...expected[first!]!, ...expected[second!]!]);
  });

  it("reads the business's days: the next day's late event is in the next day only", async () => {
    const next = addDays(day, 1);
    expect((await busy(`start_date=${next}&end_date=${next}&staff_id=${ana}`)).body.data).toEqual([
      { staff_id: ana, starts_at: instant(next, '22:00'), ends_at: instant(next, '23:00') },
    ]);
    const week = await busy(`start_date=${day}&end_date=${addDays(day, 6)}&staff_id=${ana}`);
    expect(week.body.data.map((item) => item.starts_at)).toEqual([
      instant(day, '10:00'),
      instant(day, '14:00'),
      instant(next, '22:00'),
    ]);
    expect(
      (await busy(`start_date=${addDays(day, 2)}&end_date=${addDays(day, 9)}`)).body.data,
    ).toEqual([]);
  });

  it('narrows a staff key to its own member, whatever staff_id it asks for', async () => {
    const { key } = await createKey(api, tenant, { role: 'staff', staff_id: ben });
    for (const query of [
      `start_date=${day}&end_date=${day}`,
      `start_date=${day}&end_date=${day}&staff_id=${ana}`,
    ]) {
      const response = await busy(query, key);
      expect(response.status).toBe(200);
      expect(response.body.data.map((item) => item.staff_id)).toEqual([ben]);
    }
  });

  it('disconnecting a calendar takes its busy time off the list', async () => {
    const list = await api.get<{ data: Array<{ id: string; url: string }> }>(
      `/tenants/${tenant.id}/calendar-connections?staff_id=${ana}`,
      tenant.key,
    );
    const personal = list.body.data.find((item) => item.url.endsWith('/ana-personal.ics'))!;
    expect(
      (await api.delete(`/tenants/${tenant.id}/calendar-connections/${personal.id}`, tenant.key))
        .status,
    ).toBe(204);
    expect((await busy(`start_date=${day}&end_date=${day}&staff_id=${ana}`)).body.data).toEqual([
      { staff_id: ana, starts_at: instant(day, '10:00'), ends_at: instant(day, '11:00') },
    ]);
  });

  it('refuses bad ranges and ids with a 400 problem naming the field', async () => {
    const cases: Array<[string, string]> = [
      [`end_date=${day}`, 'start_date'],
      [`start_date=${day}&end_date=${addDays(day, -1)}`, 'end_date'],
      [`start_date=${day}&end_date=${addDays(day, 62)}`, 'end_date'],
      [`start_date=${day}&end_date=not-a-date`, 'end_date'],
      [`start_date=${day}&end_date=${day}&staff_id=42`, 'staff_id'],
      [`start_date=${day}&end_date=${day}&color=red`, ''],
    ];
    for (const [query, path] of cases) {
      const body = expectProblem(await busy(query), 400, 'validation_failed');
      if (path)
        expect(
          body.errors?.map((error) => error.path),
          query,
        ).toContain(path);
    }
    expect((await busy(`start_date=${day}&end_date=${addDays(day, 61)}`)).status).toBe(200);
  });

  it("needs a key of this tenant; another tenant's key finds nothing", async () => {
    expect(
      (await api.get(`/tenants/${tenant.id}/external-busy?start_date=${day}&end_date=${day}`))
        .status,
    ).toBe(401);
    const other = await createTenant(api);
    expect((await busy(`start_date=${day}&end_date=${day}`, other.key)).status).toBe(404);
  });
});
