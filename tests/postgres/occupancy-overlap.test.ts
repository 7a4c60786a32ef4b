import { bookingOccupancies } from '@booksprintz/api/db/schema';
import { and, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createStaff,
  createTenant,
  createTestDatabase,
  type Db,
  database,
  postgresError,
  sleep,
  type TestDatabase,
  violation,
} from './setup.ts';

type OccupancyRow = typeof bookingOccupancies.$inferInsert;
type Outcome = 'committed' | 'rolled back' | string;

const at = (time: string) => new Date(`2030-03-15T${time}:00Z`);

let testDb: TestDatabase;
let db: Db;
let setupClient: pg.Client;
/** Two connections that race each other, and a third that watches them. */
let racers: [pg.Client, pg.Client];
let monitor: pg.Client;
let racerPids: [number, number];
let tenantId: string;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrate: true });
  setupClient = await connect(testDb.url);
  db = database(setupClient);
  racers = [await connect(testDb.url), await connect(testDb.url)];
  monitor = await connect(testDb.url);
  racerPids = (await Promise.all(
    racers.map(
      async (client) => (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid,
    ),
  )) as [number, number];
  tenantId = (await createTenant(db)).id;
});

afterAll(async () => {
  await Promise.all([setupClient, monitor, ...(racers ?? [])].map((client) => client?.end()));
  await testDb?.drop();
});

/** An occupancy of `staffId`: service time `start`–`end`, blocked `from`–`until` (default: no buffers). */
function occupancy(
  staffId: string,
  times: { start: string; end: string; from?: string; until?: string },
  overrides: Partial<OccupancyRow> = {},
): OccupancyRow {
  return {
    tenant_id: tenantId,
    staff_id: staffId,
    kind: 'appointment',
    status: 'confirmed',
    start_time: at(times.start),
    end_time: at(times.end),
    blocked_from: at(times.from ?? times.start),
    blocked_until: at(times.until ?? times.end),
    ...overrides,
  };
}

/** Whether `pid` is waiting for a lock (here: for the other transaction to finish). */
async function waitsForLock(pid: number): Promise<boolean> {
  const { rows } = await monitor.query(
    'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
    [pid],
  );
  return rows[0]?.wait_event_type === 'Lock';
}

/**
 * Runs one statement in each of two open transactions on two connections, both sent
 * before either transaction commits. When one statement blocks on the other's
 * uncommitted row, the one that got through is committed (or rolled back) first and
 * the blocked one then finishes. Returns each side's outcome and whether a side blocked.
 */
async function race(
  statements: [(db: Db) => Promise<unknown>, (db: Db) => Promise<unknown>],
  options: { firstFinishes?: 'commit' | 'rollback' } = {},
): Promise<{ outcomes: Outcome[]; blocked: boolean }> {
  await Promise.all(racers.map((client) => client.query('BEGIN')));
  const settled = [false, false];
  const attempts = statements.map((statement, i) =>
    statement(database(racers[i]!))
      .then(
        () => undefined,
        (error: unknown) => error,
      )
      .finally(() => {
        settled[i] = true;
      }),
  );
  const first = await Promise.race(attempts.map((attempt, i) => attempt.then(() => i)));
  const second = 1 - first;

  // The other statement has either finished too or is stuck behind the first transaction.
  let blocked = false;
  for (const deadline = Date.now() + 5_000; !settled[second]; await sleep(2)) {
    if (await waitsForLock(racerPids[second]!)) {
      blocked = true;
      break;
    }
    if (Date.now() > deadline) throw new Error('the second statement neither finished nor blocked');
  }

  const outcomes: Outcome[] = ['', ''];
  const finish = async (i: number, wanted: 'commit' | 'rollback') => {
    const error = await attempts[i];
    if (error) {
      await racers[i]!.query('ROLLBACK');
      const code = postgresError(error)?.code;
      if (!code) throw error;
      outcomes[i] = code;
    } else {
      await racers[i]!.query(wanted === 'commit' ? 'COMMIT' : 'ROLLBACK');
      outcomes[i] = wanted === 'commit' ? 'committed' : 'rolled back';
    }
  };
  await finish(first, options.firstFinishes ?? 'commit');
  await finish(second, 'commit');
  return { outcomes, blocked };
}

const insert = (row: OccupancyRow) => (racer: Db) => racer.insert(bookingOccupancies).values(row);

const DEADLOCK = '40P01';

/**
 * One side committed, the other was refused with `code`. Postgres checks an exclusion
 * constraint after inserting the index entry: when both entries are in before either
 * check, each insert waits for the other's transaction, and after deadlock_timeout one is
 * aborted with 40P01 instead. That is a refusal too (the API answers it with a 409).
 */
function expectOneRefused(outcomes: Outcome[], code: string): void {
  const [refused, committed] = outcomes.toSorted();
  expect(committed).toBe('committed');
  expect([code, DEADLOCK]).toContain(refused);
}

async function activeCount(staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookingOccupancies)
    .where(
      and(
        eq(bookingOccupancies.staff_id, staffId),
        sql`${bookingOccupancies.status} IN ('held', 'pending', 'confirmed')`,
      ),
    );
  return row!.n;
}

describe('no two active occupancies of one staff member overlap (two concurrent transactions)', () => {
  it.each([
    ['the same slot', { start: '14:00', end: '14:30' }, { start: '14:00', end: '14:30' }, {}, {}],
    [
      'a partly overlapping slot',
      { start: '14:00', end: '14:30' },
      { start: '14:15', end: '14:45' },
      {},
      {},
    ],
    [
      'a hold against a confirmed appointment',
      { start: '14:00', end: '14:30' },
      { start: '14:00', end: '14:30' },
      { kind: 'hold', status: 'held', expires_at: at('13:10') },
      {},
    ],
    [
      'a pending booking against a group session',
      { start: '14:00', end: '15:00' },
      { start: '14:30', end: '15:00' },
      { kind: 'session', capacity: 8 },
      { status: 'pending', expires_at: at('13:10') },
    ],
  ] as const)(
    '%s: exactly one commits, the other fails with 23P01',
    async (_, timesA, timesB, a, b) => {
      const staff = await createStaff(db, tenantId);
      const { outcomes, blocked } = await race([
        insert(occupancy(staff.id, timesA, a)),
        insert(occupancy(staff.id, timesB, b)),
      ]);
      expectOneRefused(outcomes, '23P01');
      // The loser really raced: it waited for the winner's transaction, not for a committed
      // row. A deadlock proves that by itself (both waited), and once Postgres breaks it the
      // survivor can finish before the wait is observed, so `blocked` is asked only otherwise.
      if (!outcomes.includes(DEADLOCK)) expect(blocked).toBe(true);
      expect(await activeCount(staff.id)).toBe(1);
    },
  );

  it('the waiting insert goes through when the first transaction rolls back', async () => {
    const slot = { start: '10:00', end: '10:30' };
    // A race that Postgres ends as a deadlock (see expectOneRefused) has nothing left to
    // roll back: race again, for a new staff member.
    for (let attempt = 1; ; attempt++) {
      const staff = await createStaff(db, tenantId);
      const { outcomes, blocked } = await race(
        [insert(occupancy(staff.id, slot)), insert(occupancy(staff.id, slot))],
        { firstFinishes: 'rollback' },
      );
      if (outcomes.includes(DEADLOCK) && attempt < 5) continue;
      expect(blocked).toBe(true);
      expect(outcomes.toSorted()).toEqual(['committed', 'rolled back']);
      expect(await activeCount(staff.id)).toBe(1);
      return;
    }
  });

  it('the same times for two different staff members both commit', async () => {
    const [alex, sam] = [await createStaff(db, tenantId), await createStaff(db, tenantId)];
    const slot = { start: '14:00', end: '14:30' };
    const { outcomes } = await race([
      insert(occupancy(alex.id, slot)),
      insert(occupancy(sam.id, slot)),
    ]);
    expect(outcomes).toEqual(['committed', 'committed']);
  });

  it('a released occupancy does not block an active one at the same time, until it is reactivated', async () => {
    const staff = await createStaff(db, tenantId);
    const slot = { start: '14:00', end: '14:30' };
    const released = occupancy(staff.id, slot, { kind: 'hold', status: 'released' });
    const { outcomes } = await race([insert(released), insert(occupancy(staff.id, slot))]);
    expect(outcomes).toEqual(['committed', 'committed']);
    expect(await activeCount(staff.id)).toBe(1);

    const reactivate = await violation(() =>
      db
        .update(bookingOccupancies)
        .set({ status: 'held', expires_at: at('13:10') })
        .where(
          and(eq(bookingOccupancies.staff_id, staff.id), eq(bookingOccupancies.status, 'released')),
        ),
    );
    expect(reactivate).toEqual({ code: '23P01', constraint: 'booking_occupancies_no_overlap' });
  });

  it('back-to-back ranges (one ends as the next starts) both commit: ranges are half-open', async () => {
    const staff = await createStaff(db, tenantId);
    const { outcomes } = await race([
      insert(occupancy(staff.id, { start: '14:00', end: '14:30' })),
      insert(occupancy(staff.id, { start: '14:30', end: '15:00' })),
    ]);
    expect(outcomes).toEqual(['committed', 'committed']);
  });

  it.each([
    [
      'the first one’s buffer after',
      { start: '14:00', end: '14:30', until: '14:45' },
      { start: '14:40', end: '15:10' },
    ],
    [
      'the second one’s buffer before',
      { start: '14:00', end: '14:30' },
      { start: '14:35', end: '15:05', from: '14:25' },
    ],
    [
      'both buffers',
      { start: '14:00', end: '14:30', until: '14:40' },
      { start: '14:45', end: '15:15', from: '14:35' },
    ],
  ] as const)(
    'buffers count: service times apart, overlapping only in %s → 23P01',
    async (_, timesA, timesB) => {
      const staff = await createStaff(db, tenantId);
      const { outcomes, blocked } = await race([
        insert(occupancy(staff.id, timesA)),
        insert(occupancy(staff.id, timesB)),
      ]);
      expect(blocked).toBe(true);
      expectOneRefused(outcomes, '23P01');
    },
  );

  it('buffers that only touch both commit', async () => {
    const staff = await createStaff(db, tenantId);
    const { outcomes } = await race([
      insert(occupancy(staff.id, { start: '14:00', end: '14:30', until: '14:45' })),
      insert(occupancy(staff.id, { start: '14:55', end: '15:25', from: '14:45' })),
    ]);
    expect(outcomes).toEqual(['committed', 'committed']);
  });
});

describe('group sessions', () => {
  it('seat holds share the session’s time, while anything else overlapping it is refused', async () => {
    const staff = await createStaff(db, tenantId);
    const slot = { start: '18:00', end: '19:00' };
    const [session] = await db
      .insert(bookingOccupancies)
      .values(occupancy(staff.id, slot, { kind: 'session', capacity: 10, seats_taken: 2 }))
      .returning();
    const seatHold = (email: string) =>
      occupancy(staff.id, slot, {
        kind: 'hold',
        status: 'held',
        expires_at: at('17:10'),
        session_occupancy_id: session!.id,
        holder_email: email,
      });
    const { outcomes } = await race([
      insert(seatHold('a@example.com')),
      insert(seatHold('b@example.com')),
    ]);
    expect(outcomes).toEqual(['committed', 'committed']);

    const plainHold = occupancy(
      staff.id,
      { start: '18:30', end: '19:00' },
      {
        kind: 'hold',
        status: 'held',
        expires_at: at('17:10'),
      },
    );
    expect(await violation(() => db.insert(bookingOccupancies).values(plainHold))).toEqual({
      code: '23P01',
      constraint: 'booking_occupancies_no_overlap',
    });
  });

  it('two attendees racing for the last seat: one gets it, the other fails the seat CHECK (23514)', async () => {
    const staff = await createStaff(db, tenantId);
    const [session] = await db
      .insert(bookingOccupancies)
      .values(
        occupancy(
          staff.id,
          { start: '18:00', end: '19:00' },
          { kind: 'session', capacity: 3, seats_taken: 2 },
        ),
      )
      .returning();
    const takeSeat = (racer: Db) =>
      racer
        .update(bookingOccupancies)
        .set({ seats_taken: sql`${bookingOccupancies.seats_taken} + 1` })
        .where(eq(bookingOccupancies.id, session!.id));
    const { outcomes, blocked } = await race([takeSeat, takeSeat]);
    expect(blocked).toBe(true);
    expect(outcomes.toSorted()).toEqual(['23514', 'committed']);
    const [after] = await db
      .select({ seats: bookingOccupancies.seats_taken })
      .from(bookingOccupancies)
      .where(eq(bookingOccupancies.id, session!.id));
    expect(after!.seats).toBe(3);
  });
});
