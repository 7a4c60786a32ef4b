/**
 * The availability answers kept by the Worker isolate and the tenant's
 * `TenantAvailability` object (features/availability, issue 21): what they serve is
 * byte for byte what a computation gives, and they are filed under the trigger-kept
 * version only, so a version bump made by plain SQL is seen by the next request.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upcomingDate } from '../support/dates.ts';
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
    await db.query(
      `UPDATE booking_availability_versions SET version = version + 1
       WHERE tenant_id = $1 AND scope_id = tenant_id`,
      [tenantId],
    );
    const second = await burst();
    for (const bytes of second) expect(bytes.equals(first[0]!)).toBe(true);
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
