/**
 * `pnpm --filter @booksprintz/tests profile:availability`: where an availability request
 * spends its time (docs/performance.md "One availability request"), against the real
 * stack, for the four loads `api.bench.ts` compares:
 *   - `floor`: a path no route matches (`/no-such/page`), answered 404 without the
 *     database;
 *   - `cached`: the same month for every request, answered from the kept JSON;
 *   - `uncached`: every request a different month and zone, so each one is computed
 *     (the requests for one month share its document);
 *   - `after_write`: after a version bump, every request of a round for dates no other
 *     asks for, so each reads its own document and is computed.
 * The loads take turns over three rounds (50 clients, 10 requests each per round).
 * For each: CPU per request by process (workerd; this process, which runs the
 * WebSocket bridge; the load client, a child process of its own; the stack's Postgres
 * backends), the statements one request sends (Postgres `log_statement = all`), and
 * the latency percentiles. With `PROFILE_V8=1` it also takes a V8 CPU profile of
 * workerd over each load's last round through wrangler's inspector (cpu-profile.ts) and
 * prints its self time per request by layer (package or feature folder) and the
 * functions with the most (and writes each whole profile to `PROFILE_V8_DIR`, if set). With
 * `PROFILE_RUNTIME=1` the loads go to the Worker's runtime, not wrangler dev's proxy.
 * PROFILE_PG_STATEMENTS=1 and PROFILE_PG_EXPLAIN=<file>: Postgres's CPU per statement
 * and its plans over all the rounds (pg-statement-cost.ts).
 * Prints `PROFILE name value unit` lines; no figure here is asserted.
 */

import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { bumpAvailabilityVersion } from '../support/db.ts';
import { dateAhead, seedBenchSalon } from './bench-salon.ts';
import { type Profile, selfTime, startCpuProfile } from './cpu-profile.ts';
import { pgStatementCost } from './pg-statement-cost.ts';
import { workerRuntimeUrl } from './runtime-url.ts';
import {
  clusterCpu,
  cpuOf,
  descendants,
  loadClient,
  minorFaultsOf,
  startTracedStack,
} from './traced-stack.ts';

const STAFF = 10;
const CLIENTS = 50;
const PER_CLIENT = 30;
const ROUNDS = 3;

console.log(`PROFILE load_avg_1m_start ${loadavg()[0]!.toFixed(2)} procs`);
let listener: ((chunk: string) => void) | undefined;
const { stack, admin, dataDir, call, traced, closeClient } = await startTracedStack(
  'avprofile',
  (chunk) => listener?.(chunk),
);
const statementCost = pgStatementCost(admin);
listener = (chunk) => statementCost.onLog(chunk);

async function layerCpu(postmaster: number) {
  const workerd = descendants(process.pid).filter((p) => p.comm.startsWith('workerd'));
  const self = process.cpuUsage();
  return {
    workerd: await cpuOf(workerd),
    faults: await minorFaultsOf(workerd),
    bridge: (self.user + self.system) / 1e6,
    postgres: await clusterCpu(postmaster),
  };
}

/**
 * The read load of api.bench.ts (50 keep-alive clients, 10 requests each, bodies read
 * and dropped), run in a child process so that its CPU is counted apart from the bridge.
 */
async function load(
  urls: string[][],
  expected: number,
): Promise<{ latencies: number[]; cpu: number }> {
  const script = `
    const { Agent, request } = require('node:http');
    const urls = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const agent = new Agent({ keepAlive: true, maxSockets: ${CLIENTS} });
    const get = (target) => new Promise((resolve, reject) => {
      request(target, { agent }, (response) => {
        response.on('data', () => {});
        response.on('end', () => response.statusCode === ${expected} ? resolve()
          : reject(new Error(target + ' answered ' + response.statusCode)));
      }).on('error', reject).end();
    });
    const latencies = [];
    Promise.all(urls.map(async (mine) => {
      for (const url of mine) {
        const started = performance.now();
        await get(url);
        latencies.push(performance.now() - started);
      }
    })).then(() => {
      agent.destroy();
      const cpu = process.cpuUsage();
      process.stdout.write(JSON.stringify({ latencies, cpu: (cpu.user + cpu.system) / 1e6 }));
    });`;
  return loadClient<{ latencies: number[]; cpu: number }>(script, urls);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * PROFILE_V8=1: where workerd's isolate spent one load's last round, as self time by
 * layer (package or feature folder: cpu-profile.ts) per request, and the functions
 * with the most; the whole profile goes to `PROFILE_V8_DIR`, if set, for DevTools.
 */
async function printV8(name: string, profile: Profile, requests: number): Promise<void> {
  if (process.env.PROFILE_V8_DIR) {
    await writeFile(
      join(process.env.PROFILE_V8_DIR, `${name}.cpuprofile`),
      JSON.stringify(profile),
    );
  }
  const { total, byLayer, byFunction } = await selfTime(profile);
  const perRequest = (us: number) => `${(us / 1000 / requests).toFixed(3)} ms/request`;
  const share = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
  const idle = byLayer.get('(idle)') ?? 0;
  console.log(`PROFILE ${name}_v8_busy ${perRequest(total - idle)} (sampled)`);
  for (const [layer, us] of [...byLayer].sort((x, y) => y[1] - x[1]).slice(0, 14)) {
    console.log(`PROFILE ${name}_v8_share ${share(us)} ${perRequest(us)} ${layer}`);
  }
  for (const [frame, us] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, 20)) {
    console.log(`  ${name} v8 self ${share(us)} ${frame}`);
  }
}

try {
  await statementCost.prepare();
  const backend = Number(
    (await admin.query<{ pid: string }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid,
  );
  const postmaster = Number(
    execFileSync('ps', ['-o', 'ppid=', '-p', String(backend)], { encoding: 'utf8' }).trim(),
  );
  const { tenant, staffIds, serviceId } = await seedBenchSalon(call, 'AvProfile', STAFF);
  // The bench's 200 existing bookings, so availability has occupancies to work around.
  const month = `start_date=${dateAhead(1)}&end_date=${dateAhead(30)}`;
  const listing = await call('GET', `/${tenant.subdomain}/availability?service_id=cut&${month}`);
  const slots = (listing.json!.days as Array<{ slots: Array<{ start_time: string }> }>).flatMap(
    (d) => d.slots,
  );
  let seeded = 0;
  for (let i = 0; i < slots.length && seeded < 200; i += 7) {
    const response = await call('POST', `/${tenant.subdomain}/appointments`, {
      service_id: serviceId,
      staff_id: staffIds[i % STAFF],
      start_time: slots[i]!.start_time,
      customer: { name: 'Seed', email: `seed${i}@example.com` },
    });
    if (response.status === 201) seeded++;
  }
  // Statistics, as autovacuum leaves a live database (api.bench.ts does the same).
  if (!process.env.PROFILE_NO_ANALYZE) await admin.query('ANALYZE');

  // PROFILE_RUNTIME=1: the loads go to the Worker's runtime, not through wrangler dev's
  // proxy, as the `runtime_` lines of api.bench.ts do (runtime-url.ts).
  const origin = process.env.PROFILE_RUNTIME ? await workerRuntimeUrl(stack.url) : stack.url;
  const api = `${origin}/api/booking/v1`;
  const monthUrl = `${api}/${tenant.subdomain}/availability?service_id=cut&${month}`;
  const zones = Intl.supportedValuesOf('timeZone').slice(0, CLIENTS);
  const grid = (url: (client: number, i: number) => string) =>
    Array.from({ length: CLIENTS }, (_, client) =>
      Array.from({ length: PER_CLIENT }, (_, i) => url(client, i)),
    );
  const loads: Array<{
    name: string;
    urls: string[][];
    expected: number;
    trace: string;
    /** Run before each round's counted requests. */
    before?: () => Promise<unknown>;
  }> = [
    {
      name: 'floor',
      urls: grid(() => `${origin}/no-such/page`),
      expected: 404,
      trace: `${origin}/no-such/page`,
    },
    { name: 'cached', urls: grid(() => monthUrl), expected: 200, trace: monthUrl },
    {
      name: 'uncached',
      urls: grid(
        (client, i) =>
          `${api}/${tenant.subdomain}/availability?service_id=cut&start_date=${dateAhead(1 + i)}` +
          `&end_date=${dateAhead(30 + i)}&timezone=${zones[client]}`,
      ),
      expected: 200,
      trace: `${api}/${tenant.subdomain}/availability?service_id=cut&${month}&timezone=Asia/Tokyo`,
    },
    {
      // After a write, every request for dates no other asks for in its round: each reads
      // its own document (500 ranges of 14–33 days starting in the next 25 days a round).
      name: 'after_write',
      urls: grid((client, i) => {
        const k = client * (PER_CLIENT / ROUNDS) + (i % (PER_CLIENT / ROUNDS));
        const start = 1 + (k % 25);
        return (
          `${api}/${tenant.subdomain}/availability?service_id=cut&start_date=${dateAhead(start)}` +
          `&end_date=${dateAhead(start + 13 + Math.floor(k / 25))}&timezone=${zones[client]}`
        );
      }),
      expected: 200,
      trace: `${api}/${tenant.subdomain}/availability?service_id=cut&${month}&timezone=Asia/Seoul`,
      before: () => bumpAvailabilityVersion(admin, tenant.id),
    },
  ];

  await admin.query(`ALTER SYSTEM SET log_statement = 'all'`);
  await admin.query('SELECT pg_reload_conf()');
  // Warm the cache for the traced cached request.
  await fetch(monthUrl).then((r) => r.text());
  for (const { name, trace, before } of loads) {
    await before?.();
    const sql = await traced(() => fetch(trace).then((r) => r.text()));
    console.log(`PROFILE ${name}_statements ${sql.length} statements`);
    for (const line of sql) console.log(`  ${name}: ${line.replace(/\s+/g, ' ').slice(0, 140)}`);
  }
  await admin.query(`ALTER SYSTEM RESET log_statement`);
  await admin.query('SELECT pg_reload_conf()');
  const body = await (await fetch(monthUrl)).text();
  console.log(`PROFILE cached_body_bytes ${Buffer.byteLength(body)} bytes`);

  // Rounds of the loads in turn, so that a busy moment of this shared machine
  // weighs on each; CPU per request is the median over the rounds.
  const v8 = process.env.PROFILE_V8 === '1';
  await statementCost.start();
  let requests = 0;
  const results = new Map(
    loads.map(({ name }) => [
      name,
      { latencies: [] as number[], cpu: [] as Record<string, number>[] },
    ]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const { name, urls, expected, trace, before: prepare } of loads) {
      await load(grid(() => trace).slice(0, 5), expected); // warm
      await prepare?.();
      const profiler = v8 && round === ROUNDS - 1 ? await startCpuProfile() : undefined;
      const before = await layerCpu(postmaster);
      const { latencies, cpu } = await load(
        urls.map((mine) =>
          mine.slice((round * PER_CLIENT) / ROUNDS, ((round + 1) * PER_CLIENT) / ROUNDS),
        ),
        expected,
      );
      const after = await layerCpu(postmaster);
      const result = results.get(name)!;
      requests += latencies.length;
      result.latencies.push(...latencies);
      const per = (seconds: number) => (seconds * 1000) / latencies.length;
      result.cpu.push({
        workerd: per(after.workerd - before.workerd),
        bridge: per(after.bridge - before.bridge),
        postgres: per(after.postgres - before.postgres),
        faults: (after.faults - before.faults) / latencies.length,
        client: per(cpu),
      });
      if (profiler) await printV8(name, await profiler.stop(), latencies.length);
    }
  }
  // Over every load's rounds together (the statements tell the loads apart).
  for (const cost of await statementCost.stop()) {
    const ms = ((cost.cpu * 1000) / requests).toFixed(3);
    console.log(`PROFILE pg_statement ${ms} ms/request, ${cost.messages} messages: ${cost.label}`);
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [name, { latencies, cpu }] of results) {
    console.log(`PROFILE ${name}_p50 ${percentile(latencies, 50).toFixed(1)} ms`);
    console.log(`PROFILE ${name}_p95 ${percentile(latencies, 95).toFixed(1)} ms`);
    const faults = cpu.map((round) => round.faults!);
    console.log(
      `PROFILE ${name}_faults_workerd ${median(faults).toFixed(1)} /request (rounds: ${faults.map((v) => v.toFixed(1)).join(' ')})`,
    );
    for (const layer of ['workerd', 'bridge', 'postgres', 'client']) {
      const values = cpu.map((round) => round[layer]!);
      console.log(
        `PROFILE ${name}_cpu_${layer} ${median(values).toFixed(2)} ms/request (rounds: ${values.map((v) => v.toFixed(2)).join(' ')})`,
      );
    }
  }
  console.log(`PROFILE load_avg_1m_end ${loadavg()[0]!.toFixed(2)} procs`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  closeClient();
  await admin.end();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
