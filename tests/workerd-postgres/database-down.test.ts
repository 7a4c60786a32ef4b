import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type LocalPostgres, startLocalPostgres } from '@booksprintz/dev-stack';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upcomingDate } from '../support/dates.ts';
import { connectDb } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * The database going away is not the client's fault, but it is not a bug either: every
 * route answers 503 `service_unavailable` with `Retry-After` (not a bare 500), and once
 * Postgres is back the same requests work again, including a booking retried with the
 * Idempotency-Key whose first attempt died with the database.
 */
let postgres: LocalPostgres;
let pgDir: string;
let pgPort: number;
let stack: TestStack;
let tenantKey: string;
let tenantId: string;
let slots: Array<{ start_time: string; staff_id: string }>;

const v1 = (path: string) => `${stack.url}/api/booking/v1${path}`;

async function startPostgres(): Promise<LocalPostgres> {
  return startLocalPostgres({ dataDir: pgDir, port: pgPort, persistent: true });
}

beforeAll(async () => {
  pgDir = await mkdtemp(join(tmpdir(), 'booksprintz-pgdown-'));
  pgPort = await freePort();
  postgres = await startPostgres();
  stack = await startTestStack({ databaseUrl: postgres.url });
  const created = await fetch(v1('/tenants'), {
    method: 'POST',
    headers: { authorization: 'Bearer dev_platform_key', 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Down',
      business_name: 'Down Salon',
      subdomain: `down-${Date.now().toString(36)}`,
      timezone: 'America/New_York',
      email: 'owner@down.example',
    }),
  }).then((r) => r.json() as Promise<{ tenant: { id: string }; api_key: string }>);
  tenantKey = created.api_key;
  tenantId = created.tenant.id;
  const date = upcomingDate('America/New_York', 9);
  const list = await fetch(v1(`/demo/availability?service_id=haircut&date=${date}`)).then(
    (r) =>
      r.json() as Promise<{
        days: Array<{ slots: Array<{ start_time: string; staff_id: string }> }>;
      }>,
  );
  slots = list.days[0]!.slots;
}, 180_000);

afterAll(async () => {
  await stack?.destroy();
  await postgres?.stop();
  if (pgDir) await rm(pgDir, { recursive: true, force: true });
});

const booking = (slot: { start_time: string; staff_id: string }, name: string) =>
  JSON.stringify({
    service_id: 'haircut',
    staff_id: slot.staff_id,
    start_time: slot.start_time,
    customer: { name, email: `${name.toLowerCase()}@example.com` },
  });

describe('Postgres unreachable', () => {
  it('answers 503 service_unavailable with Retry-After, and works again once it is back', {
    timeout: 180_000,
  }, async () => {
    await postgres.stop();
    // (`GET /demo` may still answer from the tenant cache, rightly.)
    const requests: Array<[string, RequestInit]> = [
      ['/demo/services', {}],
      [`/demo/availability?service_id=haircut&date=${slots[0]!.start_time.slice(0, 10)}`, {}],
      [
        '/demo/appointments',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'down-1' },
          body: booking(slots[0]!, 'Dora'),
        },
      ],
      [`/tenants/${tenantId}/staff`, { headers: { authorization: `Bearer ${tenantKey}` } }],
      [
        `/tenants/${tenantId}/staff`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${tenantKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Ana' }),
        },
      ],
    ];
    const answers: string[] = [];
    let health: number;
    try {
      for (const [path, init] of requests) {
        const response = await fetch(v1(path), { ...init, signal: AbortSignal.timeout(30_000) });
        const body = (await response.json().catch(() => ({}))) as { code?: string };
        answers.push(
          `${init.method ?? 'GET'} ${path.slice(0, 30)} ${response.status} ${body.code} retry-after=${response.headers.get('retry-after')} ${response.headers.get('content-type')}`,
        );
      }
      health = (await fetch(v1('/health'))).status;
    } finally {
      postgres = await startPostgres();
    }
    console.log(answers.join('\n'));
    for (const answer of answers) {
      expect(answer).toMatch(
        / 503 service_unavailable retry-after=\d+ application\/problem\+json$/,
      );
    }
    expect(health).toBe(503);
    // The booking whose first attempt met the dead database goes through on retry.
    const retried = await fetch(v1('/demo/appointments'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'down-1' },
      body: booking(slots[0]!, 'Dora'),
    });
    expect(retried.status, await retried.clone().text()).toBe(201);
    expect((await fetch(v1('/demo/services'))).status).toBe(200);
  });
});

describe('Idempotency-Key claims', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = await connectDb(postgres.url);
  });
  afterAll(async () => {
    await db?.end();
  });

  async function leaveRunningClaim(key: string, body: string, ageSeconds: number) {
    const demo = await db.query(`SELECT id FROM booking_tenants WHERE subdomain = 'demo'`);
    // The route's fingerprint of the request: its name and the parsed body.
    const hash = await sha256Hex(JSON.stringify(['POST /appointments', JSON.parse(body)]));
    await db.query(
      `INSERT INTO idempotency_keys (tenant_id, key, request_hash, created_at)
       VALUES ($1, $2, $3, now() - make_interval(secs => $4))`,
      [demo.rows[0].id, key, hash, ageSeconds],
    );
  }

  it('a claim left running by a dead request blocks a retry only for its short lease', async () => {
    const fresh = booking(slots[1]!, 'Finn');
    await leaveRunningClaim('fresh-claim', fresh, 1);
    const blocked = await fetch(v1('/demo/appointments'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'fresh-claim' },
      body: fresh,
    });
    expect(blocked.status).toBe(409);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);

    const stale = booking(slots[2]!, 'Stan');
    await leaveRunningClaim('stale-claim', stale, 120);
    const retried = await fetch(v1('/demo/appointments'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'stale-claim' },
      body: stale,
    });
    expect(retried.status, await retried.clone().text()).toBe(201);
    // And the same key now replays that booking instead of booking again.
    const replay = await fetch(v1('/demo/appointments'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'stale-claim' },
      body: stale,
    });
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(await retried.json());
  });
});

// Last: the proxy in front of Postgres (Neon's, locally the bridge) goes away for good.
describe('database proxy unreachable', () => {
  it('answers 503 service_unavailable with Retry-After', async () => {
    await stack.bridge?.close();
    for (const path of ['/demo/services', `/tenants/${tenantId}/staff`]) {
      const response = await fetch(v1(path), {
        headers: { authorization: `Bearer ${tenantKey}` },
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as { code?: string };
      expect(`${path} ${response.status} ${body.code}`).toBe(`${path} 503 service_unavailable`);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });
});

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
