import type { EventEmitter } from 'node:events';
import { freePort, startWsBridge, type WsBridge } from '@booksprintz/dev-stack';
import { Client, neonConfig, Pool } from '@neondatabase/serverless';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ws from 'ws';
import { connect, createTestDatabase, sleep, type TestDatabase } from './setup.ts';

// The Worker's driver with the settings of src/db/client.ts (which needs the Worker's
// generated `Env` type, so it is not imported here); in Node the socket comes from `ws`.
neonConfig.webSocketConstructor = ws;
neonConfig.useSecureWebSocket = false;
neonConfig.pipelineTLS = false;
neonConfig.pipelineConnect = 'password';

let testDb: TestDatabase;
let admin: pg.Client;
let bridge: WsBridge;
let unpooled: WsBridge;

async function startBridge(pool: boolean): Promise<WsBridge> {
  const target = new URL(testDb.url);
  return startWsBridge({
    port: await freePort(),
    target: { host: target.hostname, port: Number(target.port) },
    pool,
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  admin = await connect(testDb.url);
  unpooled = await startBridge(false);
  neonConfig.wsProxy = (host, port) => `${bridge.proxy}?address=${host}:${port}`;
});

// A pool per test, so what one test leaves pooled cannot reach the next.
beforeEach(async () => {
  bridge = await startBridge(true);
});

afterEach(async () => {
  await bridge.close();
});

afterAll(async () => {
  await unpooled?.close();
  await admin?.end();
  await testDb?.drop();
});

type Options = {
  via?: WsBridge;
  password?: string;
  pipelined?: boolean;
  /** Collects the ParameterStatus messages the client receives. */
  statuses?: Map<string, string>;
};

/** A driver client through a bridge. `pipelined: false` waits for each auth step,
 * as node-postgres does; the Worker's setting sends the password with the startup. */
async function client({ via = bridge, password, pipelined = true, statuses }: Options = {}) {
  const url = new URL(testDb.url);
  if (password !== undefined) url.password = password;
  const client = new Client(url.href);
  client.neonConfig.wsProxy = (host, port) => `${via.proxy}?address=${host}:${port}`;
  if (!pipelined) client.neonConfig.pipelineConnect = false;
  const connection = (client as unknown as { connection: EventEmitter }).connection;
  connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) =>
    statuses?.set(m.parameterName, m.parameterValue),
  );
  await client.connect();
  return client;
}

/** Connects and runs a query: a pipelined client hears about a failed login only then. */
async function signIn(options: Options): Promise<void> {
  const url = new URL(testDb.url);
  url.password = options.password ?? url.password;
  const attempt = new Client(url.href);
  attempt.neonConfig.wsProxy = (host, port) => `${options.via!.proxy}?address=${host}:${port}`;
  if (options.pipelined === false) attempt.neonConfig.pipelineConnect = false;
  attempt.on('error', () => undefined);
  try {
    await attempt.connect();
    await attempt.query('select 1');
  } finally {
    await attempt.end().catch(() => undefined);
  }
}

async function backendPid(client: Client): Promise<number> {
  const result = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return result.rows[0]!.pid;
}

/** Ends a client and waits for the bridge to have reset its connection and kept it, so
 * the next client deterministically gets it (in real use, a client arriving within that
 * fraction of a millisecond gets a new connection instead). */
async function endAndPool(ending: { end(): Promise<void> }, count = 1): Promise<void> {
  const before = bridge.pooledConnections();
  await ending.end();
  for (let i = 0; i < 200 && bridge.pooledConnections() < before + count; i++) await sleep(5);
  expect(bridge.pooledConnections()).toBe(before + count);
}

/** Waits for `via` to have seen every client's socket close (it counts one when the
 * WebSocket's closing handshake ends, after the session went back to the pool). */
async function allClosed(via: WsBridge = bridge): Promise<void> {
  for (let i = 0; i < 200 && via.openConnections() > 0; i++) await sleep(5);
  expect(via.openConnections()).toBe(0);
}

async function alive(pid: number): Promise<boolean> {
  const found = await admin.query('select 1 from pg_stat_activity where pid = $1', [pid]);
  return found.rowCount === 1;
}

async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 200 && (await alive(pid)); i++) await sleep(10);
  expect(await alive(pid)).toBe(false);
}

describe('the WebSocket bridge keeps Postgres sessions between clients', () => {
  it('gives sequential requests one backend instead of a new one each', async () => {
    const pids: number[] = [];
    for (let i = 0; i < 10; i++) {
      // One request's pool, as openDatabase() makes it.
      const pool = new Pool({ connectionString: testDb.url, max: 1 });
      const result = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      pids.push(result.rows[0]!.pid);
      await endAndPool(pool);
    }
    expect(new Set(pids).size).toBe(1);
    await allClosed();
    expect(await alive(pids[0]!)).toBe(true);
  });

  it.each([
    ['pipelined (the Worker)', true],
    ['waiting for each auth step', false],
  ])('replays the handshake to a %s client', async (_name, pipelined) => {
    const first = await client({ pipelined });
    const pid = await backendPid(first);
    await endAndPool(first);
    const second = await client({ pipelined });
    try {
      expect(await backendPid(second)).toBe(pid);
      // Its BackendKeyData is the backend's own, so cancel requests can find it.
      expect((second as unknown as { processID: number }).processID).toBe(pid);
      const echoed = await second.query<{ n: number }>('select $1::int as n', [42]);
      expect(echoed.rows[0]!.n).toBe(42);
    } finally {
      await second.end();
    }
  });

  it('starts the next client with none of the last session left behind', async () => {
    const first = await client();
    const pid = await backendPid(first);
    await first.query(`SET application_name = 'leaky'`);
    await first.query(`SET TimeZone = 'Asia/Tokyo'`);
    await first.query(`select set_config('app.tenant_id', 'tenant-a', false)`);
    await first.query('select pg_advisory_lock(4242)');
    await first.query('create temp table scratch (n int)');
    await first.query('PREPARE leaked AS select 1');
    await first.query({ name: 'named-statement', text: 'select 2' });
    await first.query('LISTEN leaked_channel');
    await endAndPool(first);

    const reported = new Map<string, string>();
    const freshReported = new Map<string, string>();
    const next = await client({ statuses: reported });
    const fresh = await client({ via: unpooled, statuses: freshReported });
    try {
      expect(await backendPid(next)).toBe(pid);
      const sessionState = `select
          current_setting('application_name') as application_name,
          current_setting('TimeZone') as time_zone,
          -- A custom setting, once defined, reads '' after RESET instead of NULL: the one
          -- trace DISCARD ALL leaves (PgBouncer's session pooling leaves it too).
          coalesce(current_setting('app.tenant_id', true), '') as tenant,
          (select count(*)::int from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as locks,
          (select count(*)::int from pg_class where relname = 'scratch' and relpersistence = 't') as temp_tables,
          (select count(*)::int from pg_prepared_statements) as prepared,
          (select count(*)::int from pg_listening_channels()) as listening`;
      const reused = (await next.query(sessionState)).rows[0];
      expect(reused).toEqual((await fresh.query(sessionState)).rows[0]);
      expect(reused).toMatchObject({ locks: 0, temp_tables: 0, prepared: 0, listening: 0 });
      expect(reused.application_name).not.toBe('leaky');
      expect(reused.time_zone).not.toBe('Asia/Tokyo');
      // What the client was told at login (replayed) matches a fresh login, too.
      expect(Object.fromEntries(reported)).toEqual(Object.fromEntries(freshReported));
      expect(reported.get('application_name')).not.toBe('leaky');
      // The lock is really free: another session can take it.
      const other = await connect(testDb.url);
      const taken = await other.query('select pg_try_advisory_lock(4242) as ok');
      expect(taken.rows[0].ok).toBe(true);
      await other.end();
    } finally {
      await next.end();
      await fresh.end();
    }
  });

  it.each([
    ['ends inside a transaction', (c: Client) => c.end()],
    ['drops its socket inside a transaction', async (c: Client) => dropSocket(c)],
    [
      'ends inside a failed transaction',
      async (c: Client) => {
        await c.query('select 1/0').catch(() => undefined);
        await c.end();
      },
    ],
  ])('commits nothing and reuses no backend when a client %s', async (_name, leave) => {
    await admin.query('create table if not exists left_behind (n int)');
    await admin.query('truncate left_behind');
    const first = await client();
    const pid = await backendPid(first);
    await first.query('BEGIN');
    await first.query('insert into left_behind values (1)');
    await leave(first);
    await gone(pid);
    await allClosed();

    const next = await client();
    try {
      expect(await backendPid(next)).not.toBe(pid);
      const rows = await next.query('select count(*)::int as n from left_behind');
      expect(rows.rows[0].n).toBe(0);
    } finally {
      await next.end();
    }
  });

  it('closes a backend whose client left mid-query', async () => {
    const first = await client();
    const pid = await backendPid(first);
    const running = first.query('select pg_sleep(0.3)').catch(() => undefined);
    await sleep(50);
    dropSocket(first);
    await running;
    await gone(pid);
    const next = await client();
    expect(await backendPid(next)).not.toBe(pid);
    await next.end();
  });

  it.each([
    ['pipelined', true],
    ['waiting for each auth step', false],
  ])(
    'answers a wrong password (%s) with Postgres own error, pooled or not',
    async (_name, pipelined) => {
      const first = await client();
      const pid = await backendPid(first);
      await endAndPool(first);
      for (const via of [bridge, unpooled]) {
        await expect(signIn({ password: 'wrong', pipelined, via })).rejects.toMatchObject({
          code: '28P01',
        });
      }
      // The session kept for the right password is still there, untouched.
      const next = await client({ pipelined });
      expect(await backendPid(next)).toBe(pid);
      await next.end();
    },
  );

  it('gives concurrent clients a backend each, then reuses them', async () => {
    const round = async () => {
      const clients = await Promise.all(Array.from({ length: 20 }, () => client()));
      try {
        return await Promise.all(
          clients.map(async (c, i) => {
            const result = await c.query<{ pid: number; n: number }>(
              'select pg_backend_pid() as pid, $1::int * 2 as n, pg_sleep(0.05)',
              [i],
            );
            expect(result.rows[0]!.n).toBe(i * 2);
            return result.rows[0]!.pid;
          }),
        );
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    };
    const first = await round();
    expect(new Set(first).size).toBe(20);
    for (let i = 0; i < 200 && bridge.pooledConnections() < 20; i++) await sleep(5);
    expect(bridge.pooledConnections()).toBe(20);
    const second = await round();
    expect(new Set(second).size).toBe(20);
    expect(second.every((pid) => first.includes(pid))).toBe(true);
  });

  it('does not hand out a pooled backend that Postgres has terminated', async () => {
    const first = await client();
    const pid = await backendPid(first);
    await endAndPool(first);
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await gone(pid);
    const next = await client();
    try {
      expect(await backendPid(next)).not.toBe(pid);
    } finally {
      await next.end();
    }
  });

  it('closes the client whose backend is terminated while in use', async () => {
    const first = await client();
    const pid = await backendPid(first);
    first.on('error', () => undefined);
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await expect(first.query('select 1')).rejects.toThrow();
    await allClosed();
  });

  it('lets the driver cancel a query on a reused backend', async () => {
    const first = await client();
    const pid = await backendPid(first);
    await endAndPool(first);
    const busy = await client();
    expect(await backendPid(busy)).toBe(pid);
    try {
      const running = busy.query('select pg_sleep(30)');
      await sleep(100);
      const canceller = new Client(testDb.url);
      canceller.neonConfig.wsProxy = (host, port) => `${bridge.proxy}?address=${host}:${port}`;
      const active = (busy as unknown as { activeQuery: unknown }).activeQuery;
      (canceller as unknown as { cancel(c: Client, q: unknown): void }).cancel(busy, active);
      await expect(running).rejects.toMatchObject({ code: '57014' });
      // The session carries on after the cancel, as it would on Postgres.
      const after = await busy.query('select 1 as one');
      expect(after.rows[0].one).toBe(1);
    } finally {
      await busy.end();
    }
  });

  it('with pool: false, gives every client a new backend and closes it after', async () => {
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await client({ via: unpooled });
      pids.push(await backendPid(c));
      await c.end();
    }
    expect(new Set(pids).size).toBe(3);
    for (const pid of pids) await gone(pid);
    expect(unpooled.pooledConnections()).toBe(0);
    await allClosed(unpooled);
  });
});

/** Closes the client's WebSocket without a goodbye, as a crashed isolate would. */
function dropSocket(c: Client): void {
  c.on('error', () => undefined);
  (c.neonConfig as unknown as { ws: ws }).ws.terminate();
}
