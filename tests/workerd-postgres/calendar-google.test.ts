import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay, serviceBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { connectDb, decryptColumn, encryptionKey } from '../support/db.ts';
import { type FakeGoogle, startFakeGoogle } from '../support/fake-google.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const ZONE = 'America/New_York';
const PRIMARY = 'ana@salon.example';

let stack: TestStack;
let google: FakeGoogle;
let api: ApiClient;
let db: pg.Client;
let secret: string;
let tenant: TenantRef;
let staffId: string;
let serviceId: string;
let connectionId: string;
/** A Tuesday at least three days ahead, in the staff member's zone. */
let day: string;

/** `2030-03-05T10:00:00-05:00` for a local day and `HH:MM` in ZONE. */
function at(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' })
      .formatToParts(guess)
      .find((part) => part.type === 'timeZoneName')
      ?.value.replace('GMT', '') || '+00:00';
  return `${date}T${time}:00${offset}`;
}

const timed = (id: string, date: string, from: string, to: string, extra = {}) => ({
  id,
  status: 'confirmed' as const,
  iCalUID: `${id}@google.test`,
  start: { dateTime: at(date, from) },
  end: { dateTime: at(date, to) },
  ...extra,
});

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
  provider: string;
  status: string;
  last_error: string | null;
  last_synced_at: string | null;
  calendars: Array<{ id: string; name: string; busy: boolean; write: boolean }>;
};

async function busyUids(): Promise<string[]> {
  const result = await db.query<{ source_uid: string }>(
    'SELECT source_uid FROM booking_external_busy WHERE connection_id = $1 ORDER BY source_uid',
    [connectionId],
  );
  return result.rows.map((row) => row.source_uid.replace(`${PRIMARY}#`, ''));
}

async function row() {
  const result = await db.query<{
    status: string;
    last_error: string | null;
    access_token_encrypted: string | null;
    refresh_token_encrypted: string | null;
    sync_state: {
      channels?: Array<{ id: string; expires_at: string }>;
      push_renew_at?: string;
      cursors?: Record<string, string>;
    };
  }>('SELECT * FROM booking_calendar_connections WHERE id = $1', [connectionId]);
  const found = result.rows[0];
  if (!found) throw new Error('connection gone');
  return found;
}

/** Waits (by polling the database, not by timing) until `check` holds. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 160 && !check(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

async function revokedMails(): Promise<number> {
  const result = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM booking_notifications WHERE tenant_id = $1 AND type = 'calendar_revoked'",
    [tenant.id],
  );
  return Number(result.rows[0]?.n ?? 0);
}

beforeAll(async () => {
  google = await startFakeGoogle();
  google.calendars = [
    { id: PRIMARY, summary: 'Ana', primary: true },
    { id: 'en.usa#holiday@group.v.calendar.google.com', summary: 'Holidays' },
  ];
  stack = await startTestStack({
    vars: {
      GOOGLE_CLIENT_ID: google.oauth.clientId,
      GOOGLE_CLIENT_SECRET: google.oauth.clientSecret,
      GOOGLE_OAUTH_BASE: google.url,
      GOOGLE_API_BASE: google.url,
    },
  });
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  secret = await encryptionKey(stack.dataDir);
  tenant = await createTenant(api, { timezone: ZONE });
  serviceId = (await createVia(api, tenant, 'services', serviceBody({ duration_minutes: 60 }))).id;
  staffId = (
    await createVia(api, tenant, 'staff', {
      name: 'Ana',
      email: PRIMARY,
      timezone: ZONE,
      max_advance_booking_days: 60,
    })
  ).id;
  await openEveryDay(api, tenant, { staff_id: staffId });
  day = upcomingDate(ZONE, 3, [2]);
  google.put(PRIMARY, timed('dentist', day, '10:00', '11:00'));
  // Cal.com #2236: a free event must not block.
  google.put(PRIMARY, timed('free-lunch', day, '12:00', '13:00', { transparency: 'transparent' }));
  // Declined invitations never block.
  google.put(
    PRIMARY,
    timed('declined', day, '14:00', '15:00', {
      attendees: [{ email: PRIMARY, self: true, responseStatus: 'declined' }],
    }),
  );
  // Cal.com #2240: an all-day event takes the staff member's local day, not UTC's.
  google.put(PRIMARY, {
    id: 'day-off',
    status: 'confirmed',
    iCalUID: 'day-off@google.test',
    start: { date: addDays(day, 1) },
    end: { date: addDays(day, 2) },
  });
  // Our own booking written back to Google is not outside busy time.
  google.put(PRIMARY, {
    ...timed('ours', day, '16:00', '17:00'),
    iCalUID: 'appointment-1@booksprintz',
  });
  google.put(PRIMARY, timed('second-week', addDays(day, 7), '09:00', '10:00'));
  google.put('en.usa#holiday@group.v.calendar.google.com', {
    id: 'holiday',
    status: 'confirmed',
    start: { date: addDays(day, 3) },
    end: { date: addDays(day, 4) },
  });
}, 240_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
  await google?.close();
});

describe('Google Calendar over OAuth (local fake of Google)', () => {
  it('consent → callback → active: PKCE S256, offline access, tokens encrypted, primary calendar read', async () => {
    const created = await api.post<{ connection: Connection; authorization_url: string }>(
      connections(),
      { staff_id: staffId, provider: 'google' },
      tenant.key,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.connection).toMatchObject({ provider: 'google', status: 'pending' });
    connectionId = created.body.connection.id;
    const consent = new URL(created.body.authorization_url);
    expect(consent.origin + consent.pathname).toBe(`${google.url}/o/oauth2/v2/auth`);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('access_type')).toBe('offline');
    expect(consent.searchParams.get('redirect_uri')).toBe(
      `${stack.url}/api/booking/v1/oauth/google/callback`,
    );

    // The owner consents: Google sends the browser back to our callback.
    const toCallback = await fetch(created.body.authorization_url, { redirect: 'manual' });
    expect(toCallback.status).toBe(302);
    const callback = toCallback.headers.get('location') ?? '';
    const back = await fetch(callback, { redirect: 'manual' });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(
      `${stack.url}/app/settings/calendars?connected=${connectionId}&provider=google`,
    );

    const read = await api.get<Connection>(connections(`/${connectionId}`), tenant.key);
    expect(read.body).toMatchObject({ status: 'active', last_error: null });
    expect(read.body.calendars).toEqual([
      { id: PRIMARY, name: 'Ana', busy: true, write: false },
      // Holidays and other subscribed calendars do not block until the owner says so.
      {
        id: 'en.usa#holiday@group.v.calendar.google.com',
        name: 'Holidays',
        busy: false,
        write: false,
      },
    ]);
    expect(JSON.stringify(read.body)).not.toMatch(/at-|rt-/);
    const stored = await row();
    const refresh = await decryptColumn(
      secret,
      'booking_calendar_connections.refresh_token_encrypted',
      stored.refresh_token_encrypted ?? '',
    );
    expect(google.oauth.refreshTokens.has(refresh)).toBe(true);
    expect(stored.refresh_token_encrypted).not.toContain(refresh);

    // The callback's state is single-use.
    const replay = await fetch(callback, { redirect: 'manual' });
    expectProblem(
      { status: replay.status, body: await replay.json(), headers: replay.headers } as never,
      400,
      'validation_failed',
    );
  });

  it('free (#2236), declined and our own events never block; all-day takes the local day (#2240)', async () => {
    expect(await busyUids()).toEqual(['day-off', 'dentist', 'second-week']);
    const slots = await offered(day);
    expect(slots).not.toContain('10:00');
    expect(slots).toEqual(expect.arrayContaining(['12:00', '14:00', '16:00']));
    expect(await offered(addDays(day, 1))).toEqual([]);
    expect(await offered(addDays(day, 2))).toContain('09:00');
  });

  it('opened a watch channel with a secret token to our notification address', async () => {
    const channels = [...google.channels.values()];
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({
      calendarId: PRIMARY,
      address: `${stack.url}/api/booking/v1/webhooks/calendar/${connectionId}`,
    });
    expect(channels[0]?.token).toMatch(/^[0-9a-f]{48}$/);
    expect(JSON.stringify((await row()).sync_state)).not.toContain(channels[0]?.token);
  });

  it('a notification with a wrong channel token is ignored; the right one syncs incrementally with the sync token', async () => {
    const [channel] = [...google.channels.values()];
    if (!channel) throw new Error('no channel');
    google.put(PRIMARY, timed('new-meeting', addDays(day, 2), '11:00', '12:00'));
    google.cancel(PRIMARY, 'dentist');
    const before = google.listCalls().length;
    expect(await google.notify(channel.id, { token: 'f'.repeat(48) })).toBe(202);
    // The honest one comes after: had the forged one been acted on, two reads would follow.
    expect(await google.notify(channel.id)).toBe(202);
    const uids = await until(busyUids, (value) => value.includes('new-meeting'));
    expect(uids).toEqual(['day-off', 'new-meeting', 'second-week']);
    const calls = google.listCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.query.get('syncToken')).toMatch(/^s\d+$/);
    expect(calls[0]?.query.get('timeMin')).toBeNull();
    expect(await offered(day)).toContain('10:00');
    expect(await offered(addDays(day, 2))).not.toContain('11:00');
  });

  it('410 Gone on the sync token → a full read of the window, and busy time is right after it', async () => {
    const [channel] = [...google.channels.values()];
    if (!channel) throw new Error('no channel');
    google.expireSyncTokens();
    google.put(PRIMARY, timed('after-410', addDays(day, 9), '13:00', '14:00'));
    const before = google.listCalls().length;
    expect(await google.notify(channel.id)).toBe(202);
    const uids = await until(busyUids, (value) => value.includes('after-410'));
    expect(uids).toEqual(['after-410', 'day-off', 'new-meeting', 'second-week']);
    const calls = google.listCalls().slice(before);
    expect(calls[0]?.query.get('syncToken')).toMatch(/^s\d+$/);
    expect(calls.some((call) => call.query.get('timeMin') && !call.query.get('syncToken'))).toBe(
      true,
    );
    expect((await row()).status).toBe('active');
  });

  it('the cron renews a watch channel before it expires and stops the old one', async () => {
    const old = (await row()).sync_state.channels?.[0];
    if (!old) throw new Error('no channel');
    // Twenty hours left: inside the one-day renewal margin, not yet expired.
    const soon = new Date(Date.now() + 20 * 3_600_000).toISOString();
    await db.query(
      `UPDATE booking_calendar_connections
          SET sync_state = sync_state || jsonb_build_object('push_renew_at', $2::text,
                'channels', jsonb_build_array((sync_state->'channels'->0) || jsonb_build_object('expires_at', $3::text)))
        WHERE id = $1`,
      [connectionId, new Date(Date.now() - 1000).toISOString(), soon],
    );
    const cron = await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(cron.status).toBe(200);
    const state = await until(
      async () => (await row()).sync_state,
      (value) => value.channels?.[0]?.id !== old.id,
    );
    const renewed = state.channels?.[0];
    expect(renewed?.id).not.toBe(old.id);
    expect(new Date(renewed?.expires_at ?? 0).getTime()).toBeGreaterThan(
      Date.now() + 6 * 86_400_000,
    );
    expect(google.stopped).toContain(old.id);
    expect([...google.channels.keys()]).toEqual([renewed?.id]);
    // A fresh channel is not renewed again on the next tick.
    const watches = google.requests.filter((request) => request.path.endsWith('/watch')).length;
    await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(google.requests.filter((request) => request.path.endsWith('/watch')).length).toBe(
      watches,
    );
  });

  it('429 with Retry-After: last good busy times kept, last_error recorded, no call before the time', async () => {
    const kept = await busyUids();
    google.rateLimit = '120';
    const first = await api.post(connections(`/${connectionId}/sync`), {}, tenant.key);
    expectProblem(first, 502, 'calendar_unreachable');
    expect(await busyUids()).toEqual(kept);
    const read = await api.get<Connection>(connections(`/${connectionId}`), tenant.key);
    expect(read.body.last_error).toMatch(/429.*120 s/);
    const calls = google.requests.length;
    google.rateLimit = null;
    // Within the 120 s: the provider is not asked at all.
    expectProblem(
      await api.post(connections(`/${connectionId}/sync`), {}, tenant.key),
      502,
      'calendar_unreachable',
    );
    expect(google.requests.length).toBe(calls);
    // After it (moved in the stored state), the sync works again.
    await db.query(
      `UPDATE booking_calendar_connections SET sync_state = sync_state || '{"retry_after_until": "2000-01-01T00:00:00Z"}'::jsonb WHERE id = $1`,
      [connectionId],
    );
    const again = await api.post<{ busy_count: number }>(
      connections(`/${connectionId}/sync`),
      {},
      tenant.key,
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.busy_count).toBe(kept.length);
  });

  it('Cal.com #7564 / #5796: invalid_grant marks the connection revoked and e-mails the owner exactly once', async () => {
    const kept = await busyUids();
    google.oauth.revoked = true;
    await db.query(
      "UPDATE booking_calendar_connections SET token_expires_at = now() - interval '1 minute' WHERE id = $1",
      [connectionId],
    );
    expectProblem(
      await api.post(connections(`/${connectionId}/sync`), {}, tenant.key),
      502,
      'calendar_unreachable',
    );
    const read = await api.get<Connection>(connections(`/${connectionId}`), tenant.key);
    expect(read.body.status).toBe('revoked');
    expect(read.body.last_error).toContain('invalid_grant');
    expect(await revokedMails()).toBe(1);
    // Again, and through the cron: still one message; busy times stay as they were.
    await api.post(connections(`/${connectionId}/sync`), {}, tenant.key);
    await db.query(
      "UPDATE booking_calendar_connections SET last_attempted_at = now() - interval '1 hour' WHERE id = $1",
      [connectionId],
    );
    await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(await revokedMails()).toBe(1);
    expect(await busyUids()).toEqual(kept);
    const mail = await db.query<{ recipient_email: string; subject: string }>(
      "SELECT recipient_email, subject FROM booking_notifications WHERE tenant_id = $1 AND type = 'calendar_revoked'",
      [tenant.id],
    );
    expect(mail.rows[0]?.subject).toBe('Google Calendar disconnected for Ana');
    expect(mail.rows[0]?.recipient_email).toMatch(/^owner\d+@example\.com$/);
  });

  it('bad input: an unknown state is a 400 problem; consent refused goes back to the app with the reason', async () => {
    const bogus = await fetch(
      `${stack.url}/api/booking/v1/oauth/google/callback?state=nope&code=x`,
      { redirect: 'manual' },
    );
    expect(bogus.status).toBe(400);
    expect(bogus.headers.get('content-type')).toContain('application/problem+json');
    const created = await api.post<{ connection: Connection; authorization_url: string }>(
      connections(),
      { staff_id: staffId, provider: 'google' },
      tenant.key,
    );
    const state = new URL(created.body.authorization_url).searchParams.get('state') ?? '';
    const refused = await fetch(
      `${stack.url}/api/booking/v1/oauth/google/callback?state=${encodeURIComponent(state)}&error=access_denied`,
      { redirect: 'manual' },
    );
    expect(refused.headers.get('location')).toBe(
      `${stack.url}/app/settings/calendars?calendar_error=access_denied&connection=${created.body.connection.id}`,
    );
    const read = await api.get<Connection>(
      connections(`/${created.body.connection.id}`),
      tenant.key,
    );
    expect(read.body).toMatchObject({ status: 'error' });
    expectProblem(
      await api.post(connections(), { staff_id: staffId, provider: 'microsoft' }, tenant.key),
      422,
      'unprocessable',
    );
  });
});
