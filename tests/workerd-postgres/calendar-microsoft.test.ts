import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay, serviceBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { connectDb, decryptColumn, encryptionKey } from '../support/db.ts';
import {
  type FakeMicrosoft,
  type GraphEvent,
  startFakeMicrosoft,
} from '../support/fake-microsoft.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const ZONE = 'America/New_York';
const PRIMARY = 'AAMkAGI2-calendar';
const SHARED = 'AAMkAGI2-team';

let stack: TestStack;
let microsoft: FakeMicrosoft;
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

/** Graph's UTC form (asked for with Prefer: outlook.timezone="UTC"): no offset, 7 decimals. */
const utc = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}.0000000`;
const timed = (
  id: string,
  date: string,
  from: string,
  to: string,
  extra: Partial<GraphEvent> = {},
): GraphEvent => ({
  id,
  iCalUId: `${id}@outlook.test`,
  showAs: 'busy',
  start: { dateTime: utc(at(date, from)), timeZone: 'UTC' },
  end: { dateTime: utc(at(date, to)), timeZone: 'UTC' },
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
      channels?: Array<{ id: string; expires_at: string; token_hash: string }>;
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
  microsoft = await startFakeMicrosoft();
  microsoft.calendars = [
    { id: PRIMARY, name: 'Calendar', isDefaultCalendar: true },
    { id: SHARED, name: 'Team' },
  ];
  stack = await startTestStack({
    vars: {
      MICROSOFT_CLIENT_ID: microsoft.oauth.clientId,
      MICROSOFT_CLIENT_SECRET: microsoft.oauth.clientSecret,
      MICROSOFT_OAUTH_BASE: microsoft.url,
      MICROSOFT_GRAPH_BASE: microsoft.url,
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
      email: 'ana@salon.example',
      timezone: ZONE,
      max_advance_booking_days: 60,
    })
  ).id;
  await openEveryDay(api, tenant, { staff_id: staffId });
  day = upcomingDate(ZONE, 3, [2]);
  microsoft.put(PRIMARY, timed('dentist', day, '10:00', '11:00'));
  // Cal.com #2236 / #29410: an event shown as Free never blocks.
  microsoft.put(PRIMARY, timed('free', day, '12:00', '13:00', { showAs: 'free' }));
  microsoft.put(
    PRIMARY,
    timed('declined', day, '14:00', '15:00', { responseStatus: { response: 'declined' } }),
  );
  // Cal.com #28847: every occurrence of a weekly series blocks, not only the first.
  for (const week of [0, 1, 2])
    microsoft.put(
      PRIMARY,
      timed(`weekly-${week}`, addDays(day, 7 * week), '16:00', '17:00', {
        iCalUId: 'weekly@outlook.test',
      }),
    );
  // Cal.com #2240 / #6292: Graph gives all-day events as midnight-to-midnight "UTC";
  // they mean the staff member's local day.
  microsoft.put(PRIMARY, {
    id: 'day-off',
    isAllDay: true,
    showAs: 'oof',
    start: { dateTime: `${addDays(day, 1)}T00:00:00.0000000`, timeZone: 'UTC' },
    end: { dateTime: `${addDays(day, 2)}T00:00:00.0000000`, timeZone: 'UTC' },
  });
  microsoft.put(SHARED, timed('team-offsite', addDays(day, 3), '09:00', '17:00'));
}, 240_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
  await microsoft?.close();
});

async function subscription() {
  const [found] = [...microsoft.subscriptions.values()];
  if (!found) throw new Error('no subscription');
  return found;
}

describe('Microsoft Graph over OAuth (local fake of Microsoft)', () => {
  it('consent → callback → active, with a validated subscription whose clientState is kept only hashed', async () => {
    const created = await api.post<{ connection: Connection; authorization_url: string }>(
      connections(),
      { staff_id: staffId, provider: 'microsoft' },
      tenant.key,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    connectionId = created.body.connection.id;
    const consent = new URL(created.body.authorization_url);
    expect(consent.origin + consent.pathname).toBe(`${microsoft.url}/common/oauth2/v2.0/authorize`);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('scope')?.split(' ')).toContain('offline_access');
    const toCallback = await fetch(created.body.authorization_url, { redirect: 'manual' });
    const back = await fetch(toCallback.headers.get('location') ?? '', { redirect: 'manual' });
    expect(back.headers.get('location')).toBe(
      `${stack.url}/app/settings/calendars?connected=${connectionId}&provider=microsoft`,
    );
    const read = await api.get<Connection>(connections(`/${connectionId}`), tenant.key);
    expect(read.body).toMatchObject({ status: 'active', last_error: null });
    expect(read.body.calendars.map(({ id, busy }) => ({ id, busy }))).toEqual([
      { id: PRIMARY, busy: true },
      { id: SHARED, busy: false },
    ]);
    const sub = await subscription();
    expect(sub).toMatchObject({
      resource: `/me/calendars/${PRIMARY}/events`,
      notificationUrl: `${stack.url}/api/booking/v1/webhooks/calendar/${connectionId}`,
      lifecycleNotificationUrl: `${stack.url}/api/booking/v1/webhooks/calendar/${connectionId}`,
    });
    expect(JSON.stringify(await row())).not.toContain(sub.clientState);
    const stored = await row();
    expect(stored.access_token_encrypted).toMatch(/^v1\./);
    const access = await decryptColumn(
      secret,
      'booking_calendar_connections.access_token_encrypted',
      stored.access_token_encrypted ?? '',
    );
    expect(microsoft.oauth.accessTokens.has(access)).toBe(true);
  });

  it('free, declined and cancelled never block; every occurrence does (#28847); all-day is the local day (#2240)', async () => {
    expect(await busyUids()).toEqual(['day-off', 'dentist', 'weekly-0', 'weekly-1', 'weekly-2']);
    const slots = await offered(day);
    expect(slots).not.toContain('10:00');
    expect(slots).not.toContain('16:00');
    expect(slots).toEqual(expect.arrayContaining(['12:00', '14:00']));
    expect(await offered(addDays(day, 1))).toEqual([]);
    expect(await offered(addDays(day, 2))).toContain('09:00');
    expect(await offered(addDays(day, 14))).not.toContain('16:00');
  });

  it('a notification with a wrong clientState is ignored; the right one reads the delta link', async () => {
    const sub = await subscription();
    microsoft.remove(PRIMARY, 'dentist');
    microsoft.put(PRIMARY, timed('new-meeting', addDays(day, 2), '11:00', '12:00'));
    const before = microsoft.deltaCalls().length;
    expect(await microsoft.notify(sub.id, { clientState: 'forged' })).toBe(202);
    expect(await microsoft.notify(sub.id)).toBe(202);
    const uids = await until(busyUids, (value) => value.includes('new-meeting'));
    expect(uids).toEqual(['day-off', 'new-meeting', 'weekly-0', 'weekly-1', 'weekly-2']);
    const calls = microsoft.deltaCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.query.get('$deltatoken')).toMatch(/^d\d+$/);
    expect(await offered(day)).toContain('10:00');
  });

  it('410 on the delta link → a full read of the window', async () => {
    const sub = await subscription();
    microsoft.expireDeltaLinks();
    microsoft.put(PRIMARY, timed('after-410', addDays(day, 9), '13:00', '14:00'));
    const before = microsoft.deltaCalls().length;
    expect(await microsoft.notify(sub.id)).toBe(202);
    const uids = await until(busyUids, (value) => value.includes('after-410'));
    expect(uids).toContain('new-meeting');
    const calls = microsoft.deltaCalls().slice(before);
    expect(calls[0]?.query.get('$deltatoken')).toBeTruthy();
    expect(calls.some((call) => call.query.get('startDateTime'))).toBe(true);
  });

  it('lifecycle: reauthorizationRequired renews the subscription, subscriptionRemoved opens a new one; wrong clientState does neither', async () => {
    const sub = await subscription();
    const patches = () => microsoft.requests.filter((request) => request.method === 'PATCH').length;
    const before = patches();
    // Forged first: had it been acted on, two renewals would follow.
    expect(
      await microsoft.lifecycle(sub.id, 'reauthorizationRequired', { clientState: 'forged' }),
    ).toBe(202);
    expect(await microsoft.lifecycle(sub.id, 'reauthorizationRequired')).toBe(202);
    await until(
      async () => patches(),
      (value) => value > before,
    );
    expect(patches()).toBe(before + 1);
    expect((await row()).sync_state.channels?.[0]?.id).toBe(sub.id);

    const count = microsoft.subscriptions.size;
    await microsoft.lifecycle(sub.id, 'subscriptionRemoved');
    // Graph has dropped it.
    microsoft.subscriptions.delete(sub.id);
    const state = await until(
      async () => (await row()).sync_state,
      (value) => value.channels?.[0]?.id !== sub.id,
    );
    expect(state.channels?.[0]?.id).not.toBe(sub.id);
    expect(microsoft.subscriptions.size).toBe(count);
    expect(microsoft.subscriptions.has(state.channels?.[0]?.id ?? '')).toBe(true);
  });

  it('the cron renews a subscription before it expires (PATCH, same id), not after', async () => {
    const stored = (await row()).sync_state.channels?.[0];
    if (!stored) throw new Error('no channel');
    const soon = new Date(Date.now() + 20 * 3_600_000).toISOString();
    await db.query(
      `UPDATE booking_calendar_connections
          SET sync_state = sync_state || jsonb_build_object('push_renew_at', $2::text,
                'channels', jsonb_build_array((sync_state->'channels'->0) || jsonb_build_object('expires_at', $3::text)))
        WHERE id = $1`,
      [connectionId, new Date(Date.now() - 1000).toISOString(), soon],
    );
    const before = microsoft.requests.filter((request) => request.method === 'PATCH').length;
    await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    const state = await until(
      async () => (await row()).sync_state,
      (value) => (value.channels?.[0]?.expires_at ?? '') > soon,
    );
    expect(state.channels?.[0]?.id).toBe(stored.id);
    expect(new Date(state.channels?.[0]?.expires_at ?? 0).getTime()).toBeGreaterThan(
      Date.now() + 2 * 86_400_000,
    );
    expect(microsoft.requests.filter((request) => request.method === 'PATCH').length).toBe(
      before + 1,
    );
  });

  it('429 keeps busy times and is honoured; invalid_grant → revoked + one e-mail (#7564)', async () => {
    const kept = await busyUids();
    microsoft.rateLimit = '30';
    expectProblem(
      await api.post(connections(`/${connectionId}/sync`), {}, tenant.key),
      502,
      'calendar_unreachable',
    );
    expect(await busyUids()).toEqual(kept);
    const calls = microsoft.requests.length;
    microsoft.rateLimit = null;
    await api.post(connections(`/${connectionId}/sync`), {}, tenant.key);
    expect(microsoft.requests.length).toBe(calls);
    await db.query(
      `UPDATE booking_calendar_connections SET token_expires_at = now() - interval '1 minute',
         sync_state = sync_state || '{"retry_after_until": null}'::jsonb WHERE id = $1`,
      [connectionId],
    );
    microsoft.oauth.revoked = true;
    expectProblem(
      await api.post(connections(`/${connectionId}/sync`), {}, tenant.key),
      502,
      'calendar_unreachable',
    );
    await api.post(connections(`/${connectionId}/sync`), {}, tenant.key);
    const read = await api.get<Connection>(connections(`/${connectionId}`), tenant.key);
    expect(read.body.status).toBe('revoked');
    expect(await revokedMails()).toBe(1);
    expect(await busyUids()).toEqual(kept);
  });
});
