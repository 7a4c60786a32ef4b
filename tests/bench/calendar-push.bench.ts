/**
 * `pnpm bench` (issue 17, DESIGN §9 "external calendar change → slots updated (push
 * providers) ≤ 60 s"): against the real stack on loopback and the local fake of Google.
 *   BENCH external_change_to_slots_ms  ms   median of 7: from Google's change notification
 *                                          being sent to the availability API no longer
 *                                          offering the slot the new event covers
 * The event is added to the fake's calendar first; the clock starts when the fake posts
 * the notification to our webhook (what Google does seconds after the change).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startStack } from '@booksprintz/dev-stack';
import { startFakeGoogle } from '../support/fake-google.ts';

const PLATFORM_KEY = 'dev_platform_key';
const RUNS = 7;
const PRIMARY = 'ana@bench.example';

const google = await startFakeGoogle();
google.calendars = [{ id: PRIMARY, summary: 'Ana', primary: true }];
const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-bench-push-'));
const stack = await startStack({
  port: await freePort(),
  dataDir,
  persistent: false,
  vars: {
    RATE_LIMITS: 'off',
    GOOGLE_CLIENT_ID: google.oauth.clientId,
    GOOGLE_CLIENT_SECRET: google.oauth.clientSecret,
    GOOGLE_OAUTH_BASE: google.url,
    GOOGLE_API_BASE: google.url,
  },
});
const base = `${stack.url}/api/booking/v1`;

async function call(method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: response.status,
    json: (await response.json().catch(() => null)) as Record<string, unknown>,
  };
}

try {
  const created = await call('POST', '/tenants', PLATFORM_KEY, {
    name: 'Pushed Salon',
    business_name: 'Pushed Salon',
    subdomain: `pushed-${Date.now().toString(36)}`,
    timezone: 'UTC',
    currency: 'USD',
    email: 'owner@pushed.example',
    plan_tier: 'enterprise',
  });
  const tenant = created.json.tenant as { id: string; subdomain: string };
  const key = created.json.api_key as string;
  const T = `/tenants/${tenant.id}`;
  const staff = (
    await call('POST', `${T}/staff`, key, {
      name: 'Ana',
      email: PRIMARY,
      timezone: 'UTC',
      max_advance_booking_days: 30,
    })
  ).json;
  const service = (
    await call('POST', `${T}/services`, key, {
      slug: 'cut',
      name: 'Cut',
      duration_minutes: 60,
      price_cents: 3500,
    })
  ).json;
  for (let day = 0; day < 7; day++)
    await call('POST', `${T}/availability-rules`, key, {
      rule_type: 'recurring',
      day_of_week: day,
      start_time: '08:00',
      end_time: '18:00',
      staff_id: staff.id,
    });
  const connection = await call('POST', `${T}/calendar-connections`, key, {
    staff_id: staff.id,
    provider: 'google',
  });
  const consent = await fetch(connection.json.authorization_url as string, { redirect: 'manual' });
  const back = await fetch(consent.headers.get('location') ?? '', { redirect: 'manual' });
  if (!back.headers.get('location')?.includes('connected='))
    throw new Error(`connect failed: ${back.headers.get('location')}`);
  const [channel] = [...google.channels.values()];
  if (!channel) throw new Error('no watch channel was opened');

  const date = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const offered = async () => {
    const response = await call(
      'GET',
      `/${tenant.subdomain}/availability?service_id=${service.id}&staff_id=${staff.id}&date=${date}&timezone=UTC`,
    );
    const days = response.json.days as Array<{ slots: Array<{ start_time: string }> }>;
    return new Set(days.flatMap((d) => d.slots.map((slot) => slot.start_time)));
  };
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const hour = String(9 + run).padStart(2, '0');
    const start = `${date}T${hour}:00:00Z`;
    const before = [...(await offered())];
    if (!before.some((slot) => slot.startsWith(`${date}T${hour}:00`)))
      throw new Error(`slot ${start} not offered before the change: ${before.join(' ')}`);
    google.put(PRIMARY, {
      id: `bench-${run}`,
      status: 'confirmed',
      start: { dateTime: start },
      end: { dateTime: `${date}T${hour}:59:00Z` },
    });
    const started = performance.now();
    await google.notify(channel.id);
    for (let attempt = 0; ; attempt++) {
      const slots = [...(await offered())];
      if (!slots.some((slot) => slot.startsWith(`${date}T${hour}:00`))) break;
      if (attempt > 600) throw new Error('availability never changed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `BENCH external_change_to_slots_ms ${times[Math.floor(RUNS / 2)]?.toFixed(1)} ms (budget 60000)`,
  );
} finally {
  await stack.stop();
  await google.close();
  await rm(dataDir, { recursive: true, force: true });
}
