import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVia,
  openEveryDay,
  seedAppointment,
  seedCustomer,
  serviceBody,
  type TenantRef,
} from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { connectDb, decryptColumn, encryptColumn, encryptionKey } from '../support/db.ts';
import {
  countingProxy,
  type Radicale,
  radicaleAvailable,
  startRadicale,
} from '../support/radicale.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const ZONE = 'America/New_York';
const run = radicaleAvailable('calendar-sync');

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let secret: string;
let radicale: Radicale;
let tenant: TenantRef;
let staffId: string;
let serviceId: string;
let work: string;
let personal: string;
/** A Tuesday at least three days ahead, in the staff member's zone. */
let day: string;

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const compact = (date: string) => date.replaceAll('-', '');
/** `DTSTART;TZID=America/New_York:20300305T100000` for a local day and `HH:MM`. */
const local = (name: string, date: string, time: string) =>
  `${name};TZID=America/New_York:${compact(date)}T${time.replace(':', '')}00`;
const utc = (name: string, instant: Date) =>
  `${name}:${instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}`;
const ics = (...events: string[][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//BookSprintz tests//EN',
    VTIMEZONE,
    ...events.map((lines) =>
      ['BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n'),
    ),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/** Local `HH:MM` starts offered to the staff member on a day. */
async function offered(date: string): Promise<string[]> {
  const response = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
    `/${tenant.slug}/availability?service_id=${serviceId}&staff_id=${staffId}&date=${date}&timezone=${ZONE}`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return response.body.days.flatMap((d) =>
    d.slots.map((slot) => format.format(new Date(slot.start_time))),
  );
}

const connections = (suffix = '') => `/tenants/${tenant.id}/calendar-connections${suffix}`;
type Connection = {
  id: string;
  status: string;
  last_error: string | null;
  last_synced_at: string | null;
  calendars: Array<{ id: string; name: string; busy: boolean; write: boolean }>;
};

async function busyRows(connectionId: string) {
  const result = await db.query<{ source_uid: string; starts_at: Date; ends_at: Date }>(
    'SELECT source_uid, starts_at, ends_at FROM booking_external_busy WHERE connection_id = $1 ORDER BY starts_at, source_uid',
    [connectionId],
  );
  return result.rows;
}

/** A calendar file served over HTTP whose answer the test switches. */
let icsServer: Server;
let icsUrl: string;
let icsReply: { status: number; body: string } = { status: 200, body: '' };

beforeAll(async () => {
  if (!run) return;
  [stack, radicale] = await Promise.all([startTestStack(), startRadicale()]);
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  secret = await encryptionKey(stack.dataDir);
  tenant = await createTenant(api, { timezone: ZONE });
  serviceId = (await createVia(api, tenant, 'services', serviceBody({ duration_minutes: 60 }))).id;
  staffId = (
    await createVia(api, tenant, 'staff', {
      name: 'Ana',
      email: 'ana@salon.example',
      timezone: ZONE,
      max_advance_booking_days: 60,
    })
  ).id;
  await openEveryDay(api, tenant, { staff_id: staffId });
  day = upcomingDate(ZONE, 3, [2]);

  work = await radicale.makeCalendar('work', 'Work');
  personal = await radicale.makeCalendar('personal', 'Personal');
  await radicale.putEvent(
    work,
    'weekly.ics',
    ics(
      [
        'UID:weekly@test',
        'SUMMARY:Team meeting',
        local('DTSTART', day, '10:00'),
        local('DTEND', day, '11:00'),
        'RRULE:FREQ=WEEKLY;COUNT=3',
        local('EXDATE', addDays(day, 7), '10:00'),
      ],
      [
        'UID:weekly@test',
        'SUMMARY:Team meeting (moved)',
        local('RECURRENCE-ID', addDays(day, 14), '10:00'),
        local('DTSTART', addDays(day, 14), '14:00'),
        local('DTEND', addDays(day, 14), '15:00'),
      ],
    ),
  );
  await radicale.putEvent(
    work,
    'allday.ics',
    ics([
      'UID:allday@test',
      `DTSTART;VALUE=DATE:${compact(addDays(day, 1))}`,
      `DTEND;VALUE=DATE:${compact(addDays(day, 2))}`,
    ]),
  );
  await radicale.putEvent(
    work,
    'free.ics',
    ics([
      'UID:free@test',
      local('DTSTART', day, '12:00'),
      local('DTEND', day, '13:00'),
      'TRANSP:TRANSPARENT',
    ]),
  );
  await radicale.putEvent(
    work,
    'declined.ics',
    ics([
      'UID:declined@test',
      local('DTSTART', day, '13:00'),
      local('DTEND', day, '14:00'),
      'ORGANIZER:mailto:boss@elsewhere.example',
      'ATTENDEE;PARTSTAT=DECLINED:mailto:ana@salon.example',
    ]),
  );
  await radicale.putEvent(
    work,
    'tentative.ics',
    ics([
      'UID:tentative@test',
      local('DTSTART', day, '15:00'),
      local('DTEND', day, '16:00'),
      'STATUS:TENTATIVE',
    ]),
  );
  await radicale.putEvent(
    work,
    'long.ics',
    ics([
      'UID:long@test',
      utc('DTSTART', new Date(Date.now() - 2 * 86_400_000)),
      local('DTEND', day, '09:30'),
    ]),
  );
  await radicale.putEvent(
    work,
    'far.ics',
    ics([
      'UID:far@test',
      local('DTSTART', addDays(day, 50), '10:00'),
      local('DTEND', addDays(day, 50), '11:00'),
    ]),
  );
  await radicale.putEvent(
    work,
    'beyond.ics',
    ics([
      'UID:beyond@test',
      local('DTSTART', addDays(day, 75), '10:00'),
      local('DTEND', addDays(day, 75), '11:00'),
    ]),
  );
  await radicale.putEvent(
    personal,
    'gym.ics',
    ics(['UID:gym@test', local('DTSTART', day, '16:00'), local('DTEND', day, '17:00')]),
  );

  icsServer = createServer((_request, response) => {
    response.writeHead(icsReply.status, { 'content-type': 'text/calendar' });
    response.end(icsReply.body);
  });
  await new Promise<void>((resolve) => icsServer.listen(0, '127.0.0.1', resolve));
  icsUrl = `http://127.0.0.1:${(icsServer.address() as AddressInfo).port}/basic.ics`;
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
  await radicale?.destroy();
  await new Promise((resolve) => (icsServer ? icsServer.close(resolve) : resolve(undefined)));
});

describe.runIf(run)('calendar sync from a real CalDAV server (Radicale)', () => {
  let caldav: Connection;

  it('connects from the account home, discovers both calendars, and keeps the password encrypted', async () => {
    const response = await api.post<Connection>(
      connections(),
      {
        staff_id: staffId,
        provider: 'caldav',
        url: `${radicale.url}/${radicale.username}/`,
        username: radicale.username,
        password: radicale.password,
      },
      tenant.key,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    caldav = response.body;
    expect(caldav).toMatchObject({ status: 'active', last_error: null, provider: 'caldav' });
    expect(caldav.calendars.map((c) => [c.name, c.busy, c.write]).sort()).toEqual([
      ['Personal', true, false],
      ['Work', true, false],
    ]);
    expect(JSON.stringify(response.body)).not.toContain(radicale.password);
    const stored = await db.query(
      'SELECT caldav_password_encrypted FROM booking_calendar_connections WHERE id = $1',
      [caldav.id],
    );
    const cipher = stored.rows[0].caldav_password_encrypted as string;
    expect(cipher).toMatch(/^v1\./);
    expect(cipher).not.toContain(radicale.password);
    expect(
      await decryptColumn(secret, 'booking_calendar_connections.caldav_password_encrypted', cipher),
    ).toBe(radicale.password);
    const listed = await api.get<{ data: Connection[] }>(connections(), tenant.key);
    expect(listed.body.data.map((c) => c.id)).toContain(caldav.id);
    expect((await api.get(connections(`/${caldav.id}`), tenant.key)).body).toMatchObject({
      id: caldav.id,
    });
  });

  it('Cal.com #4215: every occurrence of a recurring CalDAV event blocks, EXDATE frees one, a moved one blocks where it moved', async () => {
    expect(await offered(day)).not.toContain('10:00');
    expect(await offered(addDays(day, 7))).toContain('10:00');
    const third = await offered(addDays(day, 14));
    expect(third).toContain('10:00');
    expect(third).not.toContain('14:00');
  });

  it('Cal.com #2240: an all-day event takes the staff member’s whole local day', async () => {
    expect(await offered(addDays(day, 1))).toEqual([]);
    expect(await offered(addDays(day, 2))).toContain('09:00');
  });

  it('Cal.com #2236: a free (TRANSP:TRANSPARENT) event never blocks', async () => {
    expect(await offered(day)).toContain('12:00');
  });

  it('an invitation the staff member declined never blocks', async () => {
    expect(await offered(day)).toContain('13:00');
  });

  it('an event that began before the sync window still blocks its end', async () => {
    expect(await offered(day)).not.toContain('09:00');
  });

  it('the window reaches the staff member’s maximum advance and no further', async () => {
    const uids = (await busyRows(caldav.id)).map((row) => row.source_uid);
    expect(uids).toContain('far@test');
    expect(uids).not.toContain('beyond@test');
  });

  it('tentative events block by default and not once tentative_blocks is off', async () => {
    expect(await offered(day)).not.toContain('15:00');
    const put = await api.put<Connection & { tentative_blocks: boolean }>(
      connections(`/${caldav.id}`),
      { tentative_blocks: false },
      tenant.key,
    );
    expect(put.status).toBe(200);
    expect(put.body.tentative_blocks).toBe(false);
    const sync = await api.post<{ last_synced_at: string; busy_count: number }>(
      connections(`/${caldav.id}/sync`),
      {},
      tenant.key,
    );
    expect(sync.status, JSON.stringify(sync.body)).toBe(200);
    expect(sync.body.last_synced_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await offered(day)).toContain('15:00');
  });

  it('a calendar the owner marks not busy stops blocking; at most one calendar is written to', async () => {
    expect(await offered(day)).not.toContain('16:00');
    const put = await api.put<Connection>(
      connections(`/${caldav.id}`),
      { calendars: [{ id: personal, busy: false }] },
      tenant.key,
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await api.post(connections(`/${caldav.id}/sync`), {}, tenant.key);
    expect(await offered(day)).toContain('16:00');
    expectProblem(
      await api.put(
        connections(`/${caldav.id}`),
        {
          calendars: [
            { id: work, write: true },
            { id: personal, write: true },
          ],
        },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    expectProblem(
      await api.put(
        connections(`/${caldav.id}`),
        { calendars: [{ id: 'nope', busy: true }] },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
  });

  it('an unreachable CalDAV server gives 502 calendar_unreachable, keeps the last good busy times and never touches bookings', async () => {
    const customer = await seedCustomer(db, secret, tenant.id);
    const appointmentId = await seedAppointment(
      db,
      secret,
      tenant.id,
      { serviceId, staffId },
      customer,
      {
        start: `${addDays(day, 3)}T15:00:00Z`,
      },
    );
    const appointmentBefore = (
      await db.query('SELECT * FROM appointments WHERE id = $1', [appointmentId])
    ).rows;
    const before = await busyRows(caldav.id);
    expect(before.length).toBeGreaterThan(0);
    await radicale.stop();
    try {
      const failed = await api.post(connections(`/${caldav.id}/sync`), {}, tenant.key);
      const problem = expectProblem(failed, 502, 'calendar_unreachable');
      expect(problem.detail).toBeTruthy();
      expect(await busyRows(caldav.id)).toEqual(before);
      const read = await api.get<Connection>(connections(`/${caldav.id}`), tenant.key);
      expect(read.body.status).toBe('error');
      expect(read.body.last_error).toBeTruthy();
      expect(await offered(day)).not.toContain('10:00');
      expect(
        (await db.query('SELECT * FROM appointments WHERE id = $1', [appointmentId])).rows,
      ).toEqual(appointmentBefore);
    } finally {
      await radicale.start();
    }
    const recovered = await api.post(connections(`/${caldav.id}/sync`), {}, tenant.key);
    expect(recovered.status).toBe(200);
    expect(
      (await api.get<Connection>(connections(`/${caldav.id}`), tenant.key)).body,
    ).toMatchObject({
      status: 'active',
      last_error: null,
    });
  });

  it('a CalDAV server that errors on the event query (503) or refuses a changed password (401) keeps the last good busy times', async () => {
    let failReports = false;
    const proxy = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (failReports && request.method === 'REPORT') {
        response.writeHead(503);
        response.end('maintenance');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length')
          headers[name] = value;
      const upstream = await fetch(`${radicale.url}${request.url}`, {
        method: request.method ?? 'GET',
        headers,
        redirect: 'manual',
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (
          name !== 'content-encoding' &&
          name !== 'transfer-encoding' &&
          name !== 'content-length'
        )
          out[name] = value;
      });
      response.writeHead(upstream.status, out);
      response.end(body);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const cy = (await createVia(api, tenant, 'staff', { name: 'Cy', timezone: ZONE })).id;
      const created = await api.post<Connection>(
        connections(),
        {
          staff_id: cy,
          provider: 'caldav',
          url: `${proxied}/${radicale.username}/work/`,
          username: radicale.username,
          password: radicale.password,
        },
        tenant.key,
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.status, JSON.stringify(created.body)).toBe('active');
      const before = await busyRows(created.body.id);
      expect(before.map((row) => row.source_uid)).toContain('weekly@test');
      failReports = true;
      const unavailable = expectProblem(
        await api.post(connections(`/${created.body.id}/sync`), {}, tenant.key),
        502,
        'calendar_unreachable',
      );
      expect(unavailable.detail).toContain('503');
      expect(await busyRows(created.body.id)).toEqual(before);
      failReports = false;
      await db.query(
        'UPDATE booking_calendar_connections SET caldav_password_encrypted = $2 WHERE id = $1',
        [
          created.body.id,
          await encryptColumn(
            secret,
            'booking_calendar_connections.caldav_password_encrypted',
            'changed',
          ),
        ],
      );
      expectProblem(
        await api.post(connections(`/${created.body.id}/sync`), {}, tenant.key),
        502,
        'calendar_unreachable',
      );
      expect(await busyRows(created.body.id)).toEqual(before);
      const read = await api.get<Connection>(connections(`/${created.body.id}`), tenant.key);
      expect(read.body.status).toBe('error');
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it('wrong CalDAV credentials leave the connection in error with the reason, not a 500', async () => {
    const response = await api.post<Connection>(
      connections(),
      {
        staff_id: staffId,
        provider: 'caldav',
        url: `${radicale.url}/${radicale.username}/`,
        username: radicale.username,
        password: 'wrong-password',
      },
      tenant.key,
    );
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('error');
    expect(response.body.last_error).toBeTruthy();
    expect(await busyRows(response.body.id)).toEqual([]);
    expect((await api.delete(connections(`/${response.body.id}`), tenant.key)).status).toBe(204);
    expectProblem(await api.get(connections(`/${response.body.id}`), tenant.key), 404, 'not_found');
  });
});

describe.runIf(run)('writing bookings back to the chosen CalDAV calendar', () => {
  let bea: string;
  let bookings: string;
  let connectionId: string;
  const seeded: Record<string, string> = {};
  const sync = async () => {
    const response = await api.post<{ busy_count: number }>(
      connections(`/${connectionId}/sync`),
      {},
      tenant.key,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const objectOf = (appointmentId: string) => `${bookings}booksprintz-${appointmentId}.ics`;

  it('a connection to one collection URL uses only that calendar, and the owner picks it for writing', async () => {
    bea = (await createVia(api, tenant, 'staff', { name: 'Bea', timezone: ZONE })).id;
    bookings = await radicale.makeCalendar('bookings', 'Bookings');
    const created = await api.post<Connection>(
      connections(),
      {
        staff_id: bea,
        provider: 'caldav',
        url: bookings,
        username: radicale.username,
        password: radicale.password,
      },
      tenant.key,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    connectionId = created.body.id;
    expect(created.body.calendars.map((c) => c.name)).toEqual(['Bookings']);
    const put = await api.put<Connection>(
      connections(`/${connectionId}`),
      { calendars: [{ id: bookings, write: true }] },
      tenant.key,
    );
    expect(put.body.calendars).toEqual([
      { id: bookings, name: 'Bookings', busy: true, write: true },
    ]);
  });

  it('each booking is written once under its deterministic UID; retries, even with the record lost, never duplicate it', async () => {
    for (const [name, offset] of [
      ['first', 4],
      ['second', 5],
    ] as const) {
      const customer = await seedCustomer(db, secret, tenant.id);
      seeded[name] = await seedAppointment(
        db,
        secret,
        tenant.id,
        { serviceId, staffId: bea },
        customer,
        {
          start: `${addDays(day, offset)}T15:00:00Z`,
        },
      );
    }
    const first = await sync();
    expect(first.busy_count, 'our own events are not read back as outside busy time').toBe(0);
    const objects = (await radicale.listEvents(bookings)).sort();
    expect(objects).toEqual([objectOf(seeded.first!), objectOf(seeded.second!)].sort());
    expect(await radicale.getEvent(objectOf(seeded.first!))).toContain(
      `UID:${seeded.first}@booksprintz`,
    );

    await sync();
    expect((await radicale.listEvents(bookings)).length).toBe(2);
    await db.query(
      "UPDATE booking_calendar_connections SET sync_state = '{}'::jsonb WHERE id = $1",
      [connectionId],
    );
    await sync();
    expect((await radicale.listEvents(bookings)).length).toBe(2);
  });

  it('a reschedule updates the same event and a cancellation removes it', async () => {
    await db.query(
      `UPDATE appointments SET start_time = start_time + interval '2 hours', end_time = end_time + interval '2 hours',
         sequence = sequence + 1, updated_at = now() WHERE id = $1`,
      [seeded.first],
    );
    await db.query(
      "UPDATE appointments SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'customer', updated_at = now() WHERE id = $1",
      [seeded.second],
    );
    await sync();
    const moved = await radicale.getEvent(objectOf(seeded.first!));
    expect(moved).toContain(`DTSTART:${compact(addDays(day, 4))}T170000Z`);
    expect(moved).toContain('SEQUENCE:1');
    expect(await radicale.getEvent(objectOf(seeded.second!))).toBeNull();
    expect(await radicale.listEvents(bookings)).toEqual([objectOf(seeded.first!)]);
  });

  it('a booking is written right away, not at the next sync; a move updates it, a cancel removes it', async () => {
    await openEveryDay(api, tenant, { staff_id: bea });
    const date = addDays(day, 6);
    const available = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
      `/${tenant.slug}/availability?service_id=${serviceId}&staff_id=${bea}&date=${date}&timezone=${ZONE}`,
    );
    const slots = available.body.days.flatMap((d) => d.slots);
    expect(slots.length, JSON.stringify(available.body)).toBeGreaterThan(2);
    const booked = await api.post<{ appointment: { id: string } }>(`/${tenant.slug}/appointments`, {
      service_id: serviceId,
      staff_id: bea,
      start_time: slots[0]!.start_time,
      customer: { name: 'Eve', email: 'eve@example.com', phone: '+447700900123' },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.appointment.id;
    const eventOf = () => radicale.getEvent(objectOf(id));
    /** Polls Radicale (no sync is asked for) until `check` holds. */
    const eventually = async (check: (text: string | null) => boolean) => {
      let text = await eventOf();
      for (let attempt = 0; attempt < 160 && !check(text); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        text = await eventOf();
      }
      return text;
    };
    const written = await eventually((text) => text !== null);
    expect(written).toContain(`UID:${id}@booksprintz`);

    const stamp = (iso: string) =>
      new Date(iso)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const moved = await api.put(
      `/tenants/${tenant.id}/appointments/${id}`,
      { start_time: slots[2]!.start_time },
      tenant.key,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(
      await eventually((text) => !!text?.includes(`DTSTART:${stamp(slots[2]!.start_time)}`)),
    ).toContain(`DTSTART:${stamp(slots[2]!.start_time)}`);

    const cancelled = await api.put(
      `/tenants/${tenant.id}/appointments/${id}`,
      { status: 'cancelled' },
      tenant.key,
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(await eventually((text) => text === null)).toBeNull();
    expect((await radicale.listEvents(bookings)).filter((url) => url.includes(id))).toEqual([]);
  });
});

describe.runIf(run)('CalDAV polls read only what changed (sync-token, else ctag)', () => {
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let connectionId: string;
  let quiet: string;
  const reports = () => proxy.counts.get('REPORT') ?? 0;
  const rowIds = async () =>
    (
      await db.query<{ id: string; source_uid: string }>(
        'SELECT id, source_uid FROM booking_external_busy WHERE connection_id = $1 ORDER BY source_uid',
        [connectionId],
      )
    ).rows;

  /** One safety poll of this connection only, through the cron; waits for it to finish. */
  async function poll() {
    await db.query(
      "UPDATE booking_calendar_connections SET last_attempted_at = now() - interval '16 minutes', last_synced_at = NULL WHERE id = $1",
      [connectionId],
    );
    await db.query(
      "UPDATE booking_calendar_connections SET last_attempted_at = now() WHERE id <> $1 AND provider IN ('ics', 'caldav')",
      [connectionId],
    );
    const cron = await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(cron.status).toBe(200);
    for (let attempt = 0; attempt < 160; attempt++) {
      const { rows } = await db.query<{ last_synced_at: Date | null }>(
        'SELECT last_synced_at FROM booking_calendar_connections WHERE id = $1',
        [connectionId],
      );
      if (rows[0]?.last_synced_at) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the poll did not sync the connection');
  }

  beforeAll(async () => {
    if (!run) return;
    proxy = await countingProxy(radicale.url);
    quiet = await radicale.makeCalendar('quiet', 'Quiet');
    await radicale.putEvent(
      quiet,
      'one.ics',
      ics([
        'UID:quiet-1@test',
        local('DTSTART', addDays(day, 4), '13:00'),
        local('DTEND', addDays(day, 4), '14:00'),
      ]),
    );
    const dee = (await createVia(api, tenant, 'staff', { name: 'Dee', timezone: ZONE })).id;
    const created = await api.post<Connection>(
      connections(),
      {
        staff_id: dee,
        provider: 'caldav',
        url: `${proxy.url}/${radicale.username}/quiet/`,
        username: radicale.username,
        password: radicale.password,
      },
      tenant.key,
    );
    expect(created.body.status, JSON.stringify(created.body)).toBe('active');
    connectionId = created.body.id;
  });
  afterAll(() => proxy?.close());

  it('an unchanged calendar costs one PROPFIND: no event query, busy rows untouched', async () => {
    const before = await rowIds();
    expect(before.map((row) => row.source_uid)).toEqual(['quiet-1@test']);
    const queries = reports();
    await poll();
    expect(reports()).toBe(queries);
    expect(await rowIds()).toEqual(before);
  });

  it('a changed calendar (new sync-token / ctag) is read again', async () => {
    await radicale.putEvent(
      quiet,
      'two.ics',
      ics([
        'UID:quiet-2@test',
        local('DTSTART', addDays(day, 5), '13:00'),
        local('DTEND', addDays(day, 5), '14:00'),
      ]),
    );
    const queries = reports();
    await poll();
    expect(reports()).toBeGreaterThan(queries);
    expect((await rowIds()).map((row) => row.source_uid)).toEqual(['quiet-1@test', 'quiet-2@test']);
    await radicale.deleteEvent(quiet, 'one.ics');
    await poll();
    expect((await rowIds()).map((row) => row.source_uid)).toEqual(['quiet-2@test']);
  });

  it('once the last read no longer reaches the bookable horizon, everything is read again', async () => {
    await poll();
    const queries = reports();
    await db.query(
      `UPDATE booking_calendar_connections SET sync_state = sync_state || jsonb_build_object('read_until', (now() + interval '2 days')::text) WHERE id = $1`,
      [connectionId],
    );
    await poll();
    expect(reports()).toBeGreaterThan(queries);
  });
});

describe.runIf(run)('calendar sync from an ICS URL', () => {
  let connection: Connection;
  const event = (uid: string, date: string) => [
    `UID:${uid}`,
    local('DTSTART', date, '11:00'),
    local('DTEND', date, '12:00'),
  ];

  it('reads the file, blocks its events, and on a provider error keeps them and records why', async () => {
    icsReply = { status: 200, body: ics(event('one@ics', addDays(day, 2))) };
    const created = await api.post<Connection>(
      connections(),
      { staff_id: staffId, provider: 'ics', url: icsUrl },
      tenant.key,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    connection = created.body;
    expect(connection.status).toBe('active');
    expect(await offered(addDays(day, 2))).not.toContain('11:00');

    icsReply = { status: 500, body: 'down' };
    const failed = expectProblem(
      await api.post(connections(`/${connection.id}/sync`), {}, tenant.key),
      502,
      'calendar_unreachable',
    );
    expect(failed.detail).toContain('500');
    expect((await busyRows(connection.id)).map((row) => row.source_uid)).toEqual(['one@ics']);
    expect(await offered(addDays(day, 2))).not.toContain('11:00');
    const read = await api.get<Connection>(connections(`/${connection.id}`), tenant.key);
    expect(read.body).toMatchObject({ status: 'error' });
    expect(read.body.last_error).toContain('500');
  });

  it('the cron’s safety poll re-reads a connection not synced for 15 minutes, and leaves fresh ones alone', async () => {
    icsReply = {
      status: 200,
      body: ics(event('one@ics', addDays(day, 2)), event('two@ics', addDays(day, 8))),
    };
    await db.query(
      "UPDATE booking_calendar_connections SET last_attempted_at = now() - interval '16 minutes' WHERE id = $1",
      [connection.id],
    );
    // Every other connection of the stack counts as just read.
    await db.query(
      "UPDATE booking_calendar_connections SET last_attempted_at = now() WHERE id <> $1 AND provider IN ('ics', 'caldav')",
      [connection.id],
    );
    const others = await db.query(
      "SELECT id, last_attempted_at FROM booking_calendar_connections WHERE id <> $1 AND provider IN ('ics', 'caldav') ORDER BY id",
      [connection.id],
    );
    const cron = await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(cron.status).toBe(200);
    let uids: string[] = [];
    for (let attempt = 0; attempt < 120 && uids.length < 2; attempt++) {
      uids = (await busyRows(connection.id)).map((row) => row.source_uid);
      if (uids.length < 2) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(uids).toEqual(['one@ics', 'two@ics']);
    const read = await api.get<Connection>(connections(`/${connection.id}`), tenant.key);
    expect(read.body).toMatchObject({ status: 'active', last_error: null });
    expect(
      (
        await db.query(
          "SELECT id, last_attempted_at FROM booking_calendar_connections WHERE id <> $1 AND provider IN ('ics', 'caldav') ORDER BY id",
          [connection.id],
        )
      ).rows,
    ).toEqual(others.rows);
  });

  it('bad input is a 4xx problem: unknown staff, missing url, not http(s), an OAuth provider this server has no client id for', async () => {
    const post = (body: unknown) => api.post(connections(), body, tenant.key);
    expectProblem(
      await post({
        staff_id: '00000000-0000-4000-8000-000000000000',
        provider: 'ics',
        url: icsUrl,
      }),
      400,
      'validation_failed',
    );
    expectProblem(await post({ staff_id: staffId, provider: 'ics' }), 400, 'validation_failed');
    expectProblem(
      await post({ staff_id: staffId, provider: 'ics', url: 'ftp://x.example/a.ics' }),
      400,
      'validation_failed',
    );
    expectProblem(
      await post({ staff_id: staffId, provider: 'outlook', url: icsUrl }),
      400,
      'validation_failed',
    );
    expectProblem(await post({ staff_id: staffId, provider: 'google' }), 422, 'unprocessable');
    const other = await createTenant(api);
    expectProblem(await api.get(connections(`/${connection.id}`), other.key), 404, 'not_found');
  });
});
