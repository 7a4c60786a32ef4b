import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay, serviceBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { connectDb } from '../support/db.ts';
import { type FakeGoogle, startFakeGoogle } from '../support/fake-google.ts';
import { type FakeMicrosoft, startFakeMicrosoft } from '../support/fake-microsoft.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Bookings written to Google Calendar and Outlook (the connection's calendar that
 * receives bookings), against the local fakes: created on booking, updated on
 * reschedule, removed on cancel, one event whatever fails or is retried, and never
 * read back as outside busy time.
 */

const ZONE = 'America/New_York';
const GOOGLE_CALENDAR = 'gus@salon.example';
const GRAPH_CALENDAR = 'AAMkAGI2-mia';
const SERVICE = 'Haircut';
const PROVIDER_TIMEOUT_MS = 30_000;

let stack: TestStack;
let google: FakeGoogle;
let microsoft: FakeMicrosoft;
let api: ApiClient;
let db: pg.Client;
let tenant: TenantRef;
let serviceId: string;
let day: string;

/** One event as either fake stores it, in instants. */
interface Stored {
  id: string;
  start: number;
  end: number;
  summary: string | undefined;
}

interface Side {
  provider: 'google' | 'microsoft';
  staffId: string;
  connectionId: string;
  events(): Stored[];
  failNext(method: string, status: number, apply: boolean): void;
  /** An event the staff member adds in their calendar app. */
  addOutside(id: string, start: string, end: string): void;
  /** A push notification, so the next read is incremental (sync token / delta link). */
  notify(): Promise<number>;
  /** Their reads of the calendar, in order. */
  reads(): number;
}

const sides: Record<'google' | 'microsoft', Side> = {} as never;
const connections = (suffix = '') => `/tenants/${tenant.id}/calendar-connections${suffix}`;

/** Waits (by polling, not by timing) until `check` holds; returns the last value read. */
async function eventually<T>(read: () => T | Promise<T>, check: (value: T) => boolean) {
  let value = await read();
  for (let attempt = 0; attempt < 160 && !check(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

async function connect(provider: 'google' | 'microsoft', staffId: string, calendarId: string) {
  const created = await api.post<{ connection: { id: string }; authorization_url: string }>(
    connections(),
    { staff_id: staffId, provider },
    tenant.key,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const toCallback = await fetch(created.body.authorization_url, { redirect: 'manual' });
  const back = await fetch(toCallback.headers.get('location') ?? '', { redirect: 'manual' });
  expect(back.status).toBe(302);
  const id = created.body.connection.id;
  const chosen = await api.put<{ calendars: Array<{ id: string; write: boolean }> }>(
    connections(`/${id}`),
    { calendars: [{ id: calendarId, write: true }] },
    tenant.key,
  );
  expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  expect(chosen.body.calendars.find((calendar) => calendar.write)?.id).toBe(calendarId);
  return id;
}

async function slotsOf(staffId: string, date: string): Promise<string[]> {
  const response = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
    `/${tenant.slug}/availability?service_id=${serviceId}&staff_id=${staffId}&date=${date}&timezone=${ZONE}`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.days.flatMap((d) => d.slots.map((slot) => slot.start_time));
}

async function book(staffId: string, start: string, name: string): Promise<string> {
  const booked = await api.post<{ appointment: { id: string } }>(`/${tenant.slug}/appointments`, {
    service_id: serviceId,
    staff_id: staffId,
    start_time: start,
    customer: { name, email: `${name.toLowerCase()}@example.com`, phone: '+447700900123' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.appointment.id;
}

async function busyUids(connectionId: string): Promise<string[]> {
  const result = await db.query<{ source_uid: string }>(
    'SELECT source_uid FROM booking_external_busy WHERE connection_id = $1 ORDER BY source_uid',
    [connectionId],
  );
  return result.rows.map((row) => row.source_uid.replace(/^.*#/, ''));
}

async function connectionRow(connectionId: string) {
  const result = await db.query<{
    status: string;
    last_error: string | null;
    sync_state: { written?: Record<string, { event_id?: string; stamp: string }> };
  }>('SELECT status, last_error, sync_state FROM booking_calendar_connections WHERE id = $1', [
    connectionId,
  ]);
  const found = result.rows[0];
  if (!found) throw new Error('connection gone');
  return found;
}

beforeAll(async () => {
  [google, microsoft] = await Promise.all([startFakeGoogle(), startFakeMicrosoft()]);
  google.calendars = [{ id: GOOGLE_CALENDAR, summary: 'Gus', primary: true }];
  microsoft.calendars = [{ id: GRAPH_CALENDAR, name: 'Calendar', isDefaultCalendar: true }];
  stack = await startTestStack({
    vars: {
      GOOGLE_CLIENT_ID: google.oauth.clientId,
      GOOGLE_CLIENT_SECRET: google.oauth.clientSecret,
      GOOGLE_OAUTH_BASE: google.url,
      GOOGLE_API_BASE: google.url,
      MICROSOFT_CLIENT_ID: microsoft.oauth.clientId,
      MICROSOFT_CLIENT_SECRET: microsoft.oauth.clientSecret,
      MICROSOFT_OAUTH_BASE: microsoft.url,
      MICROSOFT_GRAPH_BASE: microsoft.url,
      // Provider requests give up only after 30 s: a booking that waited for a hung
      // provider would outlast the test's own 15 s patience (see the fresh-read tests).
      OUTBOUND_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
    },
  });
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  tenant = await createTenant(api, { timezone: ZONE });
  serviceId = (
    await createVia(api, tenant, 'services', serviceBody({ name: SERVICE, duration_minutes: 60 }))
  ).id;
  day = upcomingDate(ZONE, 3, [2]);
  const staff = async (name: string) => {
    const id = (
      await createVia(api, tenant, 'staff', {
        name,
        timezone: ZONE,
        max_advance_booking_days: 60,
      })
    ).id;
    await openEveryDay(api, tenant, { staff_id: id });
    return id;
  };
  const gus = await staff('Gus');
  const mia = await staff('Mia');
  sides.google = {
    provider: 'google',
    staffId: gus,
    connectionId: await connect('google', gus, GOOGLE_CALENDAR),
    events: () =>
      google.eventsOf(GOOGLE_CALENDAR).map((event) => ({
        id: event.id,
        start: Date.parse(event.start.dateTime ?? ''),
        end: Date.parse(event.end.dateTime ?? ''),
        summary: event.summary,
      })),
    failNext: (method, status, apply) => {
      google.failNext = { method, status, apply };
    },
    addOutside: (id, start, end) =>
      google.put(GOOGLE_CALENDAR, {
        id,
        status: 'confirmed',
        start: { dateTime: start },
        end: { dateTime: end },
      }),
    notify: () => google.notify([...google.channels.keys()][0] ?? ''),
    reads: () => google.listCalls(GOOGLE_CALENDAR).length,
  };
  sides.microsoft = {
    provider: 'microsoft',
    staffId: mia,
    connectionId: await connect('microsoft', mia, GRAPH_CALENDAR),
    events: () =>
      microsoft.eventsOf(GRAPH_CALENDAR).map((event) => ({
        id: event.id,
        start: Date.parse(`${event.start.dateTime}Z`),
        end: Date.parse(`${event.end.dateTime}Z`),
        summary: event.subject,
      })),
    failNext: (method, status, apply) => {
      microsoft.failNext = { method, status, apply };
    },
    addOutside: (id, start, end) =>
      microsoft.put(GRAPH_CALENDAR, {
        id,
        showAs: 'busy',
        start: { dateTime: new Date(start).toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: new Date(end).toISOString().slice(0, 19), timeZone: 'UTC' },
      }),
    notify: () => microsoft.notify([...microsoft.subscriptions.keys()][0] ?? ''),
    reads: () => microsoft.deltaCalls().length,
  };
}, 240_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
  await google?.close();
  await microsoft?.close();
});

describe.each(['google', 'microsoft'] as const)('bookings written to %s', (provider) => {
  let side: Side;
  let slots: string[];
  let appointmentId: string;
  let eventId: string;
  const hour = 3_600_000;

  beforeAll(async () => {
    side = sides[provider];
    slots = await slotsOf(side.staffId, addDays(day, provider === 'google' ? 0 : 1));
    expect(slots.length).toBeGreaterThan(6);
  });

  it('a booking becomes one event with its times and title, right after the response', async () => {
    appointmentId = await book(side.staffId, slots[0]!, 'Eve');
    const events = await eventually(side.events, (found) => found.length > 0);
    expect(events).toHaveLength(1);
    const start = Date.parse(slots[0]!);
    expect(events[0]).toMatchObject({ start, end: start + hour, summary: `${SERVICE}: Eve` });
    eventId = events[0]!.id;
    if (provider === 'google') expect(eventId).toBe(`bks${appointmentId.replace(/-/g, '')}`);
    const row = await connectionRow(side.connectionId);
    expect(row.sync_state.written?.[appointmentId]?.event_id).toBe(eventId);
    expect(row.status).toBe('active');
  });

  it('a reschedule updates the same event', async () => {
    const moved = await api.put(
      `/tenants/${tenant.id}/appointments/${appointmentId}`,
      { start_time: slots[3] },
      tenant.key,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const target = Date.parse(slots[3]!);
    const events = await eventually(side.events, (found) => found[0]?.start === target);
    expect(events).toEqual([
      { id: eventId, start: target, end: target + hour, summary: `${SERVICE}: Eve` },
    ]);
  });

  it('our written event is never read back as busy time: not by the delta, not by a full resync', async () => {
    const start = Date.parse(slots[6]!);
    side.addOutside(
      `outside-${provider}`,
      new Date(start).toISOString(),
      new Date(start + hour).toISOString(),
    );
    const reads = side.reads();
    expect(await side.notify()).toBe(202);
    // The incremental read sees both our event's changes and the outside one.
    const uids = await eventually(
      () => busyUids(side.connectionId),
      (found) => found.includes(`outside-${provider}`),
    );
    expect(side.reads()).toBeGreaterThan(reads);
    expect(uids).toEqual([`outside-${provider}`]);
    const full = await api.post<{ busy_count: number }>(
      connections(`/${side.connectionId}/sync`),
      {},
      tenant.key,
    );
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body.busy_count).toBe(1);
    expect(await busyUids(side.connectionId)).toEqual([`outside-${provider}`]);
    // Nothing was written twice by the reads: our event and the outside one.
    expect(side.events()).toHaveLength(2);
  });

  it('a first write whose answer is lost (500 after creating) and a lost record never make a second event', async () => {
    side.failNext('POST', 500, true);
    const second = await book(side.staffId, slots[1]!, 'Flo');
    const failed = await eventually(
      () => connectionRow(side.connectionId),
      (row) => row.status === 'error',
    );
    expect(failed.last_error).toMatch(/500/);
    expect(failed.sync_state.written?.[second]).toBeUndefined();
    const flo = () => side.events().filter((event) => event.summary === `${SERVICE}: Flo`);
    expect(flo()).toHaveLength(1);
    // The retry (here a resync; the queue also retries in five minutes) finds it.
    const retry = await api.post(connections(`/${side.connectionId}/sync`), {}, tenant.key);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(flo()).toHaveLength(1);
    const row = await connectionRow(side.connectionId);
    expect(row.status).toBe('active');
    expect(row.sync_state.written?.[second]?.event_id).toBe(flo()[0]?.id);
    // Everything we knew of written events lost: a resync still writes no second copy.
    await db.query(
      "UPDATE booking_calendar_connections SET sync_state = sync_state - 'written' WHERE id = $1",
      [side.connectionId],
    );
    const again = await api.post(connections(`/${side.connectionId}/sync`), {}, tenant.key);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(flo()).toHaveLength(1);
    expect(side.events().filter((event) => event.summary === `${SERVICE}: Eve`)).toHaveLength(1);
  });

  // Graph only (Google's retried insert meets its fixed event id); registered for Graph
  // alone, not skipped for Google.
  if (provider === 'microsoft')
    it('Graph answering a retried create with the event it made (201, not 409) leaves one event, recorded without a search', async () => {
      microsoft.repeatedTransaction = 'same-event';
      try {
        side.failNext('POST', 500, true);
        const third = await book(side.staffId, slots[2]!, 'Gil');
        await eventually(
          () => connectionRow(side.connectionId),
          (row) => row.status === 'error',
        );
        const gil = () => side.events().filter((event) => event.summary === `${SERVICE}: Gil`);
        expect(gil()).toHaveLength(1);
        const searches = () =>
          microsoft.requests.filter((request) => request.query.has('$filter')).length;
        const searchedBefore = searches();
        const retry = await api.post(connections(`/${side.connectionId}/sync`), {}, tenant.key);
        expect(retry.status, JSON.stringify(retry.body)).toBe(200);
        expect(gil()).toHaveLength(1);
        const row = await connectionRow(side.connectionId);
        expect(row.status).toBe('active');
        expect(row.sync_state.written?.[third]?.event_id).toBe(gil()[0]?.id);
        // The 2xx answer named the event: no search by the extended property (the 409 path's).
        expect(searches()).toBe(searchedBefore);
      } finally {
        microsoft.repeatedTransaction = 'conflict';
      }
    });

  it('a cancellation removes the event; a failed delete is retried by the queue, which clears the error', async () => {
    side.failNext('DELETE', 503, false);
    const cancelled = await api.put(
      `/tenants/${tenant.id}/appointments/${appointmentId}`,
      { status: 'cancelled' },
      tenant.key,
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await eventually(
      () => connectionRow(side.connectionId),
      (row) => row.status === 'error',
    );
    expect(side.events().map((event) => event.id)).toContain(eventId);
    // The queue's retry (due in five minutes: brought forward here) runs with the cron.
    await db.query(
      `UPDATE booking_calendar_connections
          SET sync_state = sync_state || jsonb_build_object('write_due_at', (now() - interval '1 second')::text)
        WHERE id = $1`,
      [side.connectionId],
    );
    const cron = await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(cron.status).toBe(200);
    const healed = await eventually(
      () => connectionRow(side.connectionId),
      (row) => row.status === 'active',
    );
    expect(healed.last_error).toBeNull();
    expect(side.events().map((event) => event.id)).not.toContain(eventId);
    expect(
      (await connectionRow(side.connectionId)).sync_state.written?.[appointmentId],
    ).toBeUndefined();
  });
});

describe('a fresh read before a booking is confirmed, when the last sync is over a minute old', () => {
  let free: string[];
  const hour = 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const backdate = () =>
    db.query(
      "UPDATE booking_calendar_connections SET last_synced_at = now() - interval '2 minutes' WHERE id = $1",
      [sides.google.connectionId],
    );
  const bookAt = (start: string, name: string) =>
    api.post<{ appointment: { id: string } }>(`/${tenant.slug}/appointments`, {
      service_id: serviceId,
      staff_id: sides.google.staffId,
      start_time: start,
      customer: { name, email: `${name.toLowerCase()}@example.com`, phone: '+447700900123' },
    });

  beforeAll(async () => {
    free = await slotsOf(sides.google.staffId, addDays(day, 2));
    expect(free.length).toBeGreaterThan(6);
  });

  it('an event added since a sync over a minute ago makes booking its time a 409', async () => {
    const start = Date.parse(free[0]!);
    // Added in Google, no notification: only a read can know of it.
    sides.google.addOutside('dentist-late', iso(start), iso(start + hour));
    expect(await slotsOf(sides.google.staffId, addDays(day, 2))).toContain(free[0]);
    await backdate();
    const reads = sides.google.reads();
    expectProblem(await bookAt(free[0]!, 'Ivy'), 409, 'slot_unavailable');
    expect(sides.google.reads()).toBeGreaterThan(reads);
    expect(await busyUids(sides.google.connectionId)).toContain('dentist-late');
  });

  it('a sync under a minute old is trusted: no read before the booking', async () => {
    const reads = sides.google.reads();
    const booked = await bookAt(free[2]!, 'Jo');
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(sides.google.reads()).toBe(reads);
  });

  it('a provider that never answers does not hold the booking: it goes ahead on the last good busy times', async () => {
    await backdate();
    const kept = await busyUids(sides.google.connectionId);
    const reads = sides.google.reads();
    google.hang = true;
    try {
      // Google never answers and our requests to it would wait 30 s: the booking is
      // confirmed long before (this test gives up at half that), not after a timeout.
      const response = await fetch(`${stack.url}/api/booking/v1/${tenant.slug}/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          service_id: serviceId,
          staff_id: sides.google.staffId,
          start_time: free[4],
          customer: { name: 'Kim', email: 'kim@example.com', phone: '+447700900123' },
        }),
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS / 2),
      });
      expect(response.status, await response.text()).toBe(201);
      expect(sides.google.reads(), 'the read was tried').toBeGreaterThan(reads);
      expect(await busyUids(sides.google.connectionId)).toEqual(kept);
    } finally {
      google.hang = false;
    }
  });
});

describe('only calendars that can take bookings are offered for them', () => {
  it('an ICS link refuses write: true with a 400 problem', async () => {
    const feed = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/calendar' });
      response.end('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n');
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = feed.address() as AddressInfo;
      const created = await api.post<{ id: string; calendars: Array<{ id: string }> }>(
        connections(),
        { staff_id: sides.google.staffId, provider: 'ics', url: `http://127.0.0.1:${port}/a.ics` },
        tenant.key,
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const calendar = created.body.calendars[0]?.id;
      expect(calendar).toBeTruthy();
      const refused = await api.put(
        connections(`/${created.body.id}`),
        { calendars: [{ id: calendar, write: true }] },
        tenant.key,
      );
      expectProblem(refused, 400, 'validation_failed');
      // Blocking choices still work on it.
      const busy = await api.put(
        connections(`/${created.body.id}`),
        { calendars: [{ id: calendar, busy: false }] },
        tenant.key,
      );
      expect(busy.status, JSON.stringify(busy.body)).toBe(200);
    } finally {
      feed.closeAllConnections();
      await new Promise((resolve) => feed.close(resolve));
    }
  });
});

describe('the revoked-access e-mail is in the business’s language', () => {
  it('a French business gets it in French (invalid_grant on Outlook)', async () => {
    await db.query("UPDATE booking_tenants SET locale = 'fr' WHERE id = $1", [tenant.id]);
    microsoft.oauth.revoked = true;
    await db.query(
      "UPDATE booking_calendar_connections SET token_expires_at = now() - interval '1 minute' WHERE id = $1",
      [sides.microsoft.connectionId],
    );
    const sync = await api.post(
      connections(`/${sides.microsoft.connectionId}/sync`),
      {},
      tenant.key,
    );
    expectProblem(sync, 502, 'calendar_unreachable');
    const mail = await db.query<{ locale: string; subject: string; message: string }>(
      "SELECT locale, subject, message FROM booking_notifications WHERE tenant_id = $1 AND type = 'calendar_revoked'",
      [tenant.id],
    );
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0]).toMatchObject({ locale: 'fr', subject: 'Outlook déconnecté pour Mia' });
    expect(mail.rows[0]?.message).toContain(
      'Outlook ne permet plus à BookSprintz de lire le calendrier de Mia',
    );
  });
});
