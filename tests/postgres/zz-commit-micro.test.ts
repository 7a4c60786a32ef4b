import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { afterAll, beforeAll, it } from 'vitest';
import { connect, createTestDatabase, type TestDatabase } from './setup.ts';

let testDb: TestDatabase;
let client: Client;
beforeAll(async () => {
  testDb = await createTestDatabase({ migrate: false });
  client = await connect(testDb.url);
});
afterAll(async () => {
  await client?.end();
  await testDb?.drop();
});
const cpu = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { u: Number(f[11]) * 10, s: Number(f[12]) * 10 };
};
it('micro', async () => {
  await client.query('create table t (id bigserial primary key, v text)');
  const pid = (await client.query('select pg_backend_pid() as p')).rows[0].p;
  for (const mode of ['on', 'off', 'on', 'off']) {
    await client.query(`set synchronous_commit = ${mode}`);
    const N = 2000;
    const c0 = cpu(pid);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock(42)');
      await client.query(`insert into t (v) values ('x')`);
      await client.query('commit');
    }
    const c1 = cpu(pid);
    console.warn(
      `COMMIT sync=${mode} user_us=${(((c1.u - c0.u) * 1000) / N).toFixed(0)} sys_us=${(((c1.s - c0.s) * 1000) / N).toFixed(0)} wall_us=${(((performance.now() - t0) * 1000) / N).toFixed(0)}`,
    );
  }
  const show = await client.query(
    `select name, setting from pg_settings where name in ('wal_sync_method','fsync','synchronous_commit','io_method','wal_level','shared_buffers','data_directory')`,
  );
  console.warn(JSON.stringify(show.rows));
});
