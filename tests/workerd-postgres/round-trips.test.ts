/**
 * The booking path's database round trips, counted (issue 21), never timed: Postgres
 * logs every statement (`log_statement = all`) and the test reads them per backend.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { bumpAvailabilityVersion } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let date: string;
let recording = false;
let markers = 0;
/** This test's own connection: its statements are not the API's. */
let ownPid = '';
/** The demo business's id. */
let demoId = '';
const logged: Array<{ pid: string; sql: string; name: string }> = [];

interface Slot {
  start_time: string;
  staff_id: string;
}

beforeAll(async () => {
  stack = await startTestStack({
    onLog: (chunk) => {
      if (!recording || !chunk.startsWith('[postgres]')) return;
      for (const line of chunk.split('\n')) {
        // `… [pid] LOG:  statement: begin` or `… [pid] LOG:  execute <unnamed>: select …`
        const match = /\[(\d+)\][^\n]*?\b(?:statement|execute ([^:]*)): (.*)$/.exec(line);
        if (match) logged.push({ pid: match[1]!, name: match[2] ?? '', sql: match[3]!.trim() });
      }
    },
  });
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  ownPid = String((await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
  demoId = (
    await db.query<{ id: string }>(`SELECT id FROM booking_tenants WHERE subdomain = 'demo'`)
  ).rows[0]!.id;
  await db.query(`ALTER SYSTEM SET log_statement = 'all'`);
  await db.query('SELECT pg_reload_conf()');
  date = upcomingDate('America/New_York', 9);
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

/**
 * The statements Postgres logged while `work` ran and what it set off right after: the
 * messages go out after the answer, so this waits until none is left claimed and unsent,
 * then until a marker statement sent after that shows in the log. Postgres logs each
 * statement before running it, so everything that ran before the marker has been read.
 * This test's own connection's statements are left out. Counted, not timed.
 */
async function statementsOf(work: () => Promise<void>): Promise<typeof logged> {
  logged.length = 0;
  recording = true;
  await work();
  await messagesSettled();
  const marker = `round-trips marker ${++markers}`;
  await db.query(`SELECT '${marker}'`);
  for (let i = 0; !logged.some((statement) => statement.sql.includes(marker)); i++) {
    if (i === 200) throw new Error('the marker statement never showed in the log');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  recording = false;
  return logged.filter((statement) => statement.pid !== ownPid);
}

/**
 * `seen` without the Worker's tenant lookup: kept for seconds, it may be renewed while a
 * test records, on a connection of its own. Its statements are drizzle's (quoted table
 * names), unlike the documents', which name booking_tenants unquoted.
 */
function withoutLookup(seen: typeof logged): typeof logged {
  const lookups = new Set(
    seen
      .filter((statement) => /from "booking_(tenants|embed_widgets)"/.test(statement.sql))
      .map((statement) => statement.pid),
  );
  return seen.filter((statement) => !lookups.has(statement.pid));
}

/** The availability path's statements among `seen`, and as text for assertion messages. */
function availabilityPath(seen: typeof logged) {
  const availability = withoutLookup(seen);
  const text = availability.map((statement) => `${statement.pid}: ${statement.sql}`).join('\n');
  return { availability, text };
}

/** Waits until no message is left claimed and unsent (the lock's delivery run is done). */
async function messagesSettled(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM booking_notifications WHERE status = 'sending'`,
    );
    if (rows[0]!.n === '0') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('messages still being sent after 10 s');
}

async function slotsOn(query: string): Promise<Slot[]> {
  const response = await api.get<{ days: Array<{ slots: Slot[] }> }>(
    `/demo/availability?service_id=haircut&${query}`,
  );
  expect(response.status).toBe(200);
  return response.body.days.flatMap((day) => day.slots);
}

describe('round trips', () => {
  it('books in two round trips (one read, one write that takes the lock) and sends its messages with one more', async () => {
    const free = await slotsOn(`date=${date}`);
    const book = async (slot: Slot, n: number) => {
      const response = await api.request('POST', '/demo/appointments', {
        body: {
          service_id: 'haircut',
          staff_id: slot.staff_id,
          start_time: slot.start_time,
          customer: { name: `Counted ${n}`, email: `counted${n}@example.com` },
        },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    };
    // The lock's connection is opened by the first booking and kept: count the second,
    // once the first one's messages are recorded sent (their statement is not counted).
    await book(free[0]!, 1);
    await messagesSettled();
    const seen = withoutLookup(await statementsOf(() => book(free.at(-1)!, 2)));
    const write = seen.findIndex((statement) => /^with lock as \(/i.test(statement.sql));
    expect(write, JSON.stringify(seen)).toBeGreaterThanOrEqual(1);
    const pid = seen[write]!.pid;
    const mine = seen.filter((statement) => statement.pid === pid);
    // The booking document, then one statement that takes the staff member's advisory
    // lock before it inserts anything: no begin, no commit (it was five statements).
    expect(
      mine.map((statement) => statement.sql.slice(0, 80)),
      JSON.stringify(seen),
    ).toHaveLength(2);
    expect(mine[1]!.sql).toMatch(/^with lock as \(select pg_advisory_xact_lock\(/i);
    // The answer is built from what the lock sent back: no connection of the Worker's own
    // reads the appointment again. The lock's and its message sender's are all there is.
    expect(new Set(seen.map((statement) => statement.pid)).size).toBeLessThanOrEqual(2);
    // The messages were written already claimed by the lock: no claim query, one
    // statement records them sent (it was a claim, one update per message, another
    // claim and the webhook and calendar scans: six).
    const delivery = seen.slice(write + 1).filter((statement) => statement.pid !== pid);
    expect(
      delivery.map((statement) => statement.sql.slice(0, 60)),
      JSON.stringify(seen),
    ).toEqual(['update booking_notifications n']);
  });

  it('settles a race for one slot with one transaction: the queued losers are refused from memory', async () => {
    const [slot] = await slotsOn(`date=${date}&timezone=Europe/Lisbon`);
    const racers = 16;
    let statuses: number[] = [];
    const seen = await statementsOf(async () => {
      const responses = await Promise.all(
        Array.from({ length: racers }, (_, n) =>
          api.request('POST', '/demo/appointments', {
            body: {
              service_id: 'haircut',
              staff_id: slot!.staff_id,
              start_time: slot!.start_time,
              customer: { name: `Racer ${n}`, email: `racer${n}@example.com` },
            },
          }),
        ),
      );
      statuses = responses.map((response) => response.status);
    });
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(racers - 1);
    // Every loser queued behind the winner learns the outcome when its turn comes: one
    // write in all, no read of the losers' (before: each racer's own transaction
    // re-read the calendar under the lock).
    const writes = seen.filter((statement) => /pg_advisory_xact_lock/i.test(statement.sql));
    expect(writes, JSON.stringify(seen.map((statement) => statement.sql))).toHaveLength(1);
    const lockPid = writes[0]!.pid;
    expect(seen.filter((statement) => statement.pid === lockPid)).toHaveLength(2);
  });

  it('computes an availability answer from one statement on a kept connection: the document with its version', async () => {
    // A date no one asked for yet: nothing kept anywhere (no answer, no document), so
    // the answer is computed whatever the version, and the version is read in the
    // document's statement.
    // Days no other test asks for (each test its own: a kept document would serve another).
    const day = upcomingDate('America/New_York', 16, [2]);
    const seen = await statementsOf(async () => {
      await slotsOn(`date=${day}&timezone=Asia/Kathmandu`);
    });
    const { availability, text } = availabilityPath(seen);
    // One statement, and no session set up and reset for it (a Worker's connection ends
    // with the bridge's DISCARD ALL): it failed before, with a version statement on the
    // object's connection and the document on a session the Worker opened.
    expect(availability, text).toHaveLength(1);
    expect(availability[0]!.sql, text).toMatch(/availability document and version/);
    // By name: the object's connections are kept, so each parses the statement once.
    expect(availability[0]!.name, text).toMatch(/^booksprintz_\d+$/);
  });

  it('computes a query that differs from one read before only in its zone from the kept document: one version statement', async () => {
    const day = upcomingDate('America/New_York', 16, [3]);
    await slotsOn(`date=${day}&timezone=Asia/Tokyo`);
    const seen = await statementsOf(async () => {
      // Another zone: another answer, computed, from the document kept for the date.
      await slotsOn(`date=${day}&timezone=Asia/Seoul`);
    });
    const { availability, text } = availabilityPath(seen);
    expect(availability, text).toHaveLength(1);
    expect(availability[0]!.sql, text).toMatch(/sum\(.?version/);
    expect(availability[0]!.sql, text).not.toMatch(/availability document/);
  });

  it('reads one document for requests in different zones that arrive together', async () => {
    const day = upcomingDate('America/New_York', 16, [4]);
    const zones = ['Asia/Tokyo', 'Asia/Seoul', 'Asia/Manila', 'Asia/Dubai', 'Asia/Tehran'];
    const seen = await statementsOf(async () => {
      await Promise.all(zones.map((zone) => slotsOn(`date=${day}&timezone=${zone}`)));
    });
    const { availability, text } = availabilityPath(seen);
    // Each request is answered from a read sent after it arrived: the first one's, or
    // one more shared by all that arrived while it was under way.
    const documents = availability.filter((statement) =>
      /availability document/.test(statement.sql),
    );
    expect(documents.length, text).toBeGreaterThanOrEqual(1);
    expect(documents.length, text).toBeLessThanOrEqual(2);
  });

  it('reads the version first, then the document, when what is kept is out of date', async () => {
    const query = `date=${date}&timezone=Asia/Dhaka`;
    await slotsOn(query);
    await bumpAvailabilityVersion(db, demoId);
    const seen = await statementsOf(async () => {
      await slotsOn(query);
    });
    const { availability, text } = availabilityPath(seen);
    expect(availability, text).toHaveLength(2);
    expect(availability[0]!.sql, text).toMatch(/sum\(.?version/);
    expect(availability[1]!.sql, text).toMatch(/availability document/);
    for (const statement of availability) expect(statement.name, text).toMatch(/^booksprintz_\d+$/);
  });

  it('reads a document kept under a version older than one the object has read in one statement', async () => {
    const day = upcomingDate('America/New_York', 23, [2]);
    const other = upcomingDate('America/New_York', 23, [3]);
    await slotsOn(`date=${day}&timezone=Asia/Tokyo`);
    // A kept answer for another date, asked again after a write: the object reads the
    // new version for it, and so knows the document kept for `day` is out of date.
    await slotsOn(`date=${other}&timezone=Asia/Tokyo`);
    await bumpAvailabilityVersion(db, demoId);
    await slotsOn(`date=${other}&timezone=Asia/Tokyo`);
    const seen = await statementsOf(async () => {
      await slotsOn(`date=${day}&timezone=Asia/Seoul`);
    });
    const { availability, text } = availabilityPath(seen);
    // Not a version statement first: what it would say is known already.
    expect(availability, text).toHaveLength(1);
    expect(availability[0]!.sql, text).toMatch(/availability document and version/);
  });

  it('answers a kept availability with one version statement on a kept connection, no session opened', async () => {
    const query = `date=${date}&timezone=Asia/Kolkata`;
    await slotsOn(query);
    const seen = await statementsOf(async () => {
      for (let i = 0; i < 3; i++) await slotsOn(query);
    });
    const { availability, text } = availabilityPath(seen);
    // One version read per request, and no session set up and reset for it (a Worker
    // connection ends with the bridge's DISCARD ALL).
    expect(availability, text).toHaveLength(3);
    expect(
      availability.every((statement) => /sum\(.?version/.test(statement.sql)),
      text,
    ).toBe(true);
    expect(new Set(availability.map((statement) => statement.pid)).size, text).toBe(1);
    expect(new Set(availability.map((statement) => statement.name)).size, text).toBe(1);
    expect(availability[0]!.name, text).toMatch(/^booksprintz_\d+$/);
  });

  it('parses the booking statements once per lock connection: later bookings execute them by name', async () => {
    const free = await slotsOn(`date=${upcomingDate('America/New_York', 11)}`);
    const staffId = free[0]!.staff_id;
    const mine = free.filter((slot) => slot.staff_id === staffId);
    const book = async (slot: Slot, n: number) => {
      const response = await api.request('POST', '/demo/appointments', {
        body: {
          service_id: 'haircut',
          staff_id: slot.staff_id,
          start_time: slot.start_time,
          customer: { name: `Named ${n}`, email: `named${n}@example.com` },
        },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    };
    const first = await statementsOf(() => book(mine[0]!, 1));
    await messagesSettled();
    const second = await statementsOf(() => book(mine.at(-1)!, 2));
    // The statements on the lock's connection: the one that sent the write.
    const names = (seen: typeof logged) => {
      const pid = seen.find((statement) => /^with lock as \(/i.test(statement.sql))?.pid;
      return seen.filter((statement) => statement.pid === pid).map((statement) => statement.name);
    };
    // The read and the write, each a named prepared statement (`<unnamed>` before: the
    // driver sent the text and Postgres parsed and planned it for every booking).
    expect(names(first), JSON.stringify(first)).toHaveLength(2);
    for (const name of names(first)) expect(name).toMatch(/^booksprintz_\d+$/);
    expect(names(second)).toEqual(names(first));
    // The delivery run's record of what it sent (`update booking_notifications n set
    // status = 'sent' …`; the log line holds the statement's first line), on the lock's
    // delivery connection, kept too: named as well, the same name for both bookings.
    const sentRecord = (seen: typeof logged) =>
      seen.filter((statement) => /^update booking_notifications n\b/.test(statement.sql));
    expect(sentRecord(first), JSON.stringify(first)).toHaveLength(1);
    expect(sentRecord(second), JSON.stringify(second)).toHaveLength(1);
    expect(sentRecord(first)[0]!.name).toMatch(/^booksprintz_\d+$/);
    expect(sentRecord(second)[0]!.name).toBe(sentRecord(first)[0]!.name);
  });
});
