/**
 * The availability answers kept by the Worker isolate and the tenant's
 * `TenantAvailability` object (features/availability, issue 21): what they serve is
 * byte for byte what a computation gives, and they are filed under the trigger-kept
 * version only, so a version bump made by plain SQL is seen by the next request.
 */
import { request } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, upcomingDate } from '../support/dates.ts';
import { bumpAvailabilityVersion } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let db: pg.Client;
let tenantId: string;

interface Slot {
  start_time: string;
  end_time: string;
  staff_id: string;
}

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  tenantId = (await db.query(`SELECT id FROM booking_tenants WHERE subdomain = 'demo'`)).rows[0].id;
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

/** The response's exact bytes. */
async function bytesOf(query: string): Promise<Buffer> {
  const response = await fetch(`${stack.url}/api/booking/v1/demo/availability?${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  return Buffer.from(await response.arrayBuffer());
}

const slotsOf = (bytes: Buffer): Slot[] =>
  (JSON.parse(bytes.toString('utf8')) as { days: Array<{ slots: Slot[] }> }).days.flatMap(
    (day) => day.slots,
  );

describe('kept availability answers', () => {
  it('serves the bytes a computation gives', async () => {
    const date = upcomingDate('America/New_York', 11);
    const range = `start_date=${date}&end_date=${upcomingDate('America/New_York', 24)}`;
    const service = await db.query(
      `SELECT id FROM booking_services WHERE tenant_id = $1 AND slug = 'haircut'`,
      [tenantId],
    );
    const computed = await bytesOf(`service_id=haircut&${range}&timezone=Europe/Lisbon`);
    const kept = await bytesOf(`service_id=haircut&${range}&timezone=Europe/Lisbon`);
    // The same answer asked for by the service's id: another key, computed afresh.
    const byId = await bytesOf(`service_id=${service.rows[0].id}&${range}&timezone=Europe/Lisbon`);
    expect(slotsOf(computed).length).toBeGreaterThan(0);
    expect(kept.equals(computed)).toBe(true);
    expect(byId.equals(computed)).toBe(true);
  });

  it('sends an answer, computed or kept, with its Content-Length, not chunked', async () => {
    // node:http, which asks for no encoding (fetch asks for gzip, and wrangler dev then
    // compresses as Cloudflare's edge would). Six weeks: an answer of several stream chunks.
    const start = upcomingDate('America/New_York', 35);
    const path =
      `/api/booking/v1/demo/availability?service_id=haircut` +
      `&start_date=${start}&end_date=${addDays(start, 41)}&timezone=Pacific/Auckland`;
    const get = () =>
      new Promise<{ headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
        request(`${stack.url}${path}`, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        })
          .on('error', reject)
          .end();
      });
    const computed = await get();
    const kept = await get();
    expect(computed.bytes.length).toBeGreaterThan(64 * 1024);
    for (const answer of [computed, kept]) {
      expect(answer.headers['transfer-encoding']).toBeUndefined();
      expect(answer.headers['content-length']).toBe(String(answer.bytes.length));
    }
    expect(kept.bytes.equals(computed.bytes)).toBe(true);
  });

  it('gives concurrent first requests for one query the same bytes, kept or computed', async () => {
    // Twenty at once for a query no one asked for (each of them may be given the
    // document, or wait for the one computing), then twenty more once the version moved
    // (the query is a repeated one now: one computes and hands the answer back, the
    // others wait for it).
    const query = `service_id=haircut&date=${upcomingDate('America/New_York', 13)}&timezone=Asia/Tokyo`;
    const burst = () => Promise.all(Array.from({ length: 20 }, () => bytesOf(query)));
    const first = await burst();
    expect(slotsOf(first[0]!).length).toBeGreaterThan(0);
    for (const bytes of first) expect(bytes.equals(first[0]!)).toBe(true);
    await bumpAvailabilityVersion(db, tenantId);
    const second = await burst();
    for (const bytes of second) expect(bytes.equals(first[0]!)).toBe(true);
  });

  it('computes a query that differs from one read before only in its zone as a document read for it would', async () => {
    // Dates no other test asks for: a document kept for them would serve this test.
    const start = upcomingDate('America/New_York', 28, [2]);
    const range = `start_date=${start}&end_date=${addDays(start, 6)}`;
    // The document is read for Paris and kept; Chicago's answer is computed from it.
    await bytesOf(`service_id=haircut&${range}&timezone=Europe/Paris`);
    const fromKept = await bytesOf(`service_id=haircut&${range}&timezone=America/Chicago`);
    // The version moved (nothing else did): the document is read again for Chicago.
    await bumpAvailabilityVersion(db, tenantId);
    const fromRead = await bytesOf(`service_id=haircut&${range}&timezone=America/Chicago`);
    expect(slotsOf(fromKept).length).toBeGreaterThan(0);
    expect(fromKept.equals(fromRead)).toBe(true);
  });

  it('stops computing from a kept document once a hold in it lapses', async () => {
    const date = upcomingDate('America/New_York', 21, [3]);
    const free = slotsOf(await bytesOf(`service_id=haircut&date=${date}`));
    const slot = free[3]!;
    const query = `service_id=haircut&date=${date}&staff_id=${slot.staff_id}`;
    // A hold lapsing in two seconds, written as a hold is (its trigger bumps the version),
    // with no alarm to end it: only its expires_at does.
    const hold = await db.query<{ id: string; expires_at: Date }>(
      `INSERT INTO booking_occupancies (tenant_id, staff_id, kind, status, start_time, end_time,
         blocked_from, blocked_until, expires_at, holder_email, holder_ip)
       VALUES ($1, $2, 'hold', 'held', $3, $4, $3, $4, now() + interval '2 seconds',
         'lapse@example.com', '203.0.113.9')
       RETURNING id, expires_at`,
      [tenantId, slot.staff_id, slot.start_time, slot.end_time],
    );
    const startsOf = async (zone: string) =>
      slotsOf(await bytesOf(`${query}&timezone=${zone}`)).map((one) => one.start_time);
    // Read with the hold in it, and kept until it lapses.
    expect(await startsOf('Europe/Paris')).not.toContain(slot.start_time);
    // Waits for the clock (the one Postgres and workerd share), not for a duration.
    for (let i = 0; ; i++) {
      const { rows } = await db.query<{ lapsed: boolean }>(
        `SELECT now() > $1::timestamptz + interval '100 milliseconds' AS lapsed`,
        [hold.rows[0]!.expires_at],
      );
      if (rows[0]!.lapsed) break;
      if (i === 100) throw new Error('the hold never lapsed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // No write since: the version is the document's, but the hold in it has lapsed.
    expect(await startsOf('America/Chicago')).toContain(slot.start_time);
    await db.query('DELETE FROM booking_occupancies WHERE id = $1', [hold.rows[0]!.id]);
  });

  it('sees a version bump made by plain SQL on the next request', async () => {
    const date = upcomingDate('America/New_York', 12);
    const first = slotsOf(await bytesOf(`service_id=haircut&date=${date}`));
    const staffId = first[2]!.staff_id;
    const query = `service_id=haircut&date=${date}&staff_id=${staffId}`;
    const before = await bytesOf(query);
    const taken = slotsOf(before)[3]!;
    // Busy time written with the triggers off (this session only): the version does not
    // move, so the kept answer is still the one served.
    await db.query(`SET session_replication_role = replica`);
    const busy = await db.query(
      `INSERT INTO booking_external_busy (tenant_id, staff_id, starts_at, ends_at, source_uid)
       VALUES ($1, $2, $3, $4, 'version-bump-test') RETURNING id`,
      [tenantId, staffId, taken.start_time, taken.end_time],
    );
    await db.query(`SET session_replication_role = DEFAULT`);
    expect((await bytesOf(query)).equals(before)).toBe(true);
    // The version bumped by hand, as any write's trigger does: the next answer is computed.
    const bumped = await db.query(
      `INSERT INTO booking_availability_versions AS v (tenant_id, scope_id, version)
       VALUES ($1, $2, 1) ON CONFLICT (tenant_id, scope_id) DO UPDATE SET version = v.version + 1`,
      [tenantId, staffId],
    );
    expect(bumped.rowCount).toBe(1);
    const after = slotsOf(await bytesOf(query)).map((slot) => slot.start_time);
    expect(after).not.toContain(taken.start_time);
    await db.query('DELETE FROM booking_external_busy WHERE id = $1', [busy.rows[0].id]);
    expect((await bytesOf(query)).equals(before)).toBe(true);
  });
});
