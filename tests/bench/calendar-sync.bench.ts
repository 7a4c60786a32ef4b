/**
 * `pnpm bench` (issue 17): reading a staff member's CalDAV calendar, against the real
 * stack (workerd + Postgres) and a real Radicale on loopback.
 *   BENCH calendar_sync_ms          ms   median of POST …/calendar-connections/:id/sync (a
 *                                        full read) of one calendar of 1,000 events, 500 of
 *                                        them weekly recurring (expanded over a 60-day
 *                                        window), 9 runs
 *   BENCH calendar_sync_busy_count  n    busy intervals that read stores (a sanity check:
 *                                        the same figure every run)
 * The events are PUT into Radicale one by one first (not timed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startStack } from '@booksprintz/dev-stack';
import { radicaleAvailable, startRadicale } from '../support/radicale.ts';

const PLATFORM_KEY = 'dev_platform_key';
const EVENTS = 1_000;
const RECURRING = 500;
const RUNS = 9;

if (!radicaleAvailable('calendar-sync bench')) process.exit(0);

const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-bench-calendar-'));
const [stack, radicale] = await Promise.all([
  startStack({ port: await freePort(), dataDir, persistent: false, vars: { RATE_LIMITS: 'off' } }),
  startRadicale(),
]);
const base = `${stack.url}/api/booking/v1`;

async function call(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: response.status,
    json: (await response.json().catch(() => null)) as Record<string, unknown>,
  };
}

const stamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Event i: a one-off or a weekly series (every 7th with an EXDATE), spread over 60 days. */
function eventIcs(i: number, now: number): string {
  const start = new Date(now + ((i * 7919) % (60 * 24)) * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  const end = new Date(start.getTime() + 3_600_000);
  const lines = [
    `UID:bench-${i}@radicale`,
    'SUMMARY:Busy',
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(end)}`,
  ];
  if (i < RECURRING) {
    lines.push('RRULE:FREQ=WEEKLY;COUNT=12');
    if (i % 7 === 0) lines.push(`EXDATE:${stamp(new Date(start.getTime() + 7 * 86_400_000))}`);
  }
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//BookSprintz bench//EN',
    'BEGIN:VEVENT',
    'DTSTAMP:20260101T000000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

try {
  const created = await call('POST', '/tenants', PLATFORM_KEY, {
    name: 'Synced Salon',
    business_name: 'Synced Salon',
    subdomain: `synced-${Date.now().toString(36)}`,
    timezone: 'America/New_York',
    currency: 'USD',
    email: 'owner@synced.example',
    plan_tier: 'enterprise',
  });
  const tenant = created.json.tenant as { id: string };
  const key = created.json.api_key as string;
  const staff = await call('POST', `/tenants/${tenant.id}/staff`, key, {
    name: 'Ana',
    timezone: 'America/New_York',
    max_advance_booking_days: 60,
  });
  const calendar = await radicale.makeCalendar('busy', 'Busy');
  const now = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < EVENTS) {
        const i = next++;
        await radicale.putEvent(calendar, `bench-${i}.ics`, eventIcs(i, now));
      }
    }),
  );
  const connection = await call('POST', `/tenants/${tenant.id}/calendar-connections`, key, {
    staff_id: staff.json.id,
    provider: 'caldav',
    url: calendar,
    username: radicale.username,
    password: radicale.password,
  });
  if (connection.status !== 201 || connection.json.status !== 'active')
    throw new Error(`connection failed: ${JSON.stringify(connection.json)}`);
  const times: number[] = [];
  const counts = new Set<number>();
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const synced = await call(
      'POST',
      `/tenants/${tenant.id}/calendar-connections/${connection.json.id}/sync`,
      key,
      {},
    );
    times.push(performance.now() - started);
    if (synced.status !== 200) throw new Error(`sync failed: ${JSON.stringify(synced.json)}`);
    counts.add(synced.json.busy_count as number);
  }
  times.sort((a, b) => a - b);
  console.log(`BENCH calendar_sync_ms ${times[Math.floor(RUNS / 2)]?.toFixed(1)} ms`);
  console.log(`BENCH calendar_sync_busy_count ${[...counts].join(',')} n`);
} finally {
  await stack.stop();
  await radicale.destroy();
  await rm(dataDir, { recursive: true, force: true });
}
