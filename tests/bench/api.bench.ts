/**
 * `pnpm bench` (API figures, DESIGN §9), against the real stack on loopback:
 *   BENCH api_availability_p50 / _p95  ms   50 concurrent clients, month range, any staff: all
 *                                           asking for the same month, as visitors of one
 *                                           business do (answered from the isolate's cache)
 *   BENCH api_availability_uncached_p50 / _p95
 *                                      ms   the same load, every request a different
 *                                           month and zone, so every one is computed (the
 *                                           clients asking for one month in their zones
 *                                           share the month's document read)
 *   BENCH api_availability_after_write_p50 / _p95
 *                                      ms   the same load right after a write (the
 *                                           version bumped), every request for dates no
 *                                           other asks for: each reads its own document
 *                                           and computes its answer
 *   BENCH loopback_floor_p50 / _p95    ms   the same 50 clients fetching that month's exact
 *                                           bytes from a bare node:http server: what this
 *                                           machine and client cost before any Worker work
 *   BENCH worker_floor_p50 / _p95      ms   the same load on a path the Worker answers 404
 *                                           without the database: what wrangler dev's workerd
 *                                           costs per request before any API work
 *   BENCH api_availability_vs_worker_floor / api_availability_uncached_vs_worker_floor
 *         / api_availability_after_write_vs_worker_floor
 *                                      x    p95 over worker_floor_p95 (DESIGN §9: ≤ 1.5, ≤ 3);
 *                                           the four loads take turns in five rounds,
 *                                           after one uncounted round of each (warm-up)
 *   BENCH runtime_<each line above but loopback_floor's>
 *                                           the same three loads, in the same rounds, sent to
 *                                           the workerd that runs the Worker rather than
 *                                           through wrangler dev's proxy (runtime-url.ts):
 *                                           Cloudflare's edge does that forwarding in
 *                                           production, on other machines
 * `BENCH_ONLY=availability` stops after the availability figures.
 *   BENCH booking_throughput           /s   bookings across distinct staff (taking turns),
 *                                           through wrangler dev's proxy; two rounds
 *                                           alternated with the next line's, after one
 *                                           uncounted round (the baseline, too, opens its
 *                                           connections before its clock starts)
 *   BENCH runtime_booking_throughput   /s   the same load sent to the Worker's runtime
 *   BENCH booking_baseline_per_s       /s   the same load and transaction sent straight to
 *                                           Postgres (booking-baseline.ts): the floor
 *   BENCH booking_vs_baseline, runtime_booking_vs_baseline
 *                                      x    each throughput over booking_baseline_per_s
 *   BENCH contention_p95               ms   64 concurrent bookings of one slot
 * BENCH_ONLY=booking prints the booking lines only.
 * Runs with rate limits off (one address sends everything), as DESIGN §1 allows.
 */

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, startStack } from '@booksprintz/dev-stack';
import pg from 'pg';
import { bumpAvailabilityVersion } from '../support/db.ts';
import { dateAhead, jobsAcrossStaff, seedBenchSalon } from './bench-salon.ts';
import { measureBookingBaseline } from './booking-baseline.ts';
import { jsonClient } from './json-client.ts';
import { workerRuntimeUrl } from './runtime-url.ts';

const STAFF = 10;

// The machine is shared: its load says how far this run's absolute figures can be trusted.
console.log(`BENCH load_avg_1m_start ${loadavg()[0]!.toFixed(2)} procs`);
const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-bench-'));
const stack = await startStack({
  port: await freePort(),
  dataDir,
  persistent: false,
  vars: { RATE_LIMITS: 'off' },
});
const base = `${stack.url}/api/booking/v1`;

const { call, close: closeClient } = jsonClient(base);

/**
 * The read-load instrument: 50 clients with a keep-alive connection each, 10 requests
 * apiece, each timed from sending to the last byte of an answer with the `expected`
 * status. Bodies are read, not parsed, as wrk or autocannon do, so the client's JSON
 * parsing does not count as API latency.
 */
async function load(
  url: (client: number, i: number) => string,
  expected = 200,
  perClient = 10,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  const get = (target: string) =>
    new Promise<void>((resolve, reject) => {
      request(target, { agent }, (response) => {
        response.on('data', () => {});
        response.on('end', () =>
          response.statusCode === expected
            ? resolve()
            : reject(new Error(`${target} answered ${response.statusCode}`)),
        );
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  const latencies: number[] = [];
  try {
    await Promise.all(
      Array.from({ length: 50 }, async (_, client) => {
        for (let i = 0; i < perClient; i++) {
          const started = performance.now();
          await get(url(client, i));
          latencies.push(performance.now() - started);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return latencies;
}

/** `load` against a bare node:http server answering `body`: the machine's own floor. */
async function measureFloor(body: string): Promise<number[]> {
  const server = spawn(
    process.execPath,
    [
      '-e',
      `const body = require('node:fs').readFileSync(0);
       const server = require('node:http').createServer((_, res) => {
         res.writeHead(200, { 'content-type': 'application/json' }).end(body);
       });
       server.listen(0, '127.0.0.1', () => console.log(server.address().port));`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  server.stdin.end(body);
  const port = await new Promise<string>((resolve) =>
    server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  try {
    return await load(() => `http://127.0.0.1:${port}/`);
  } finally {
    server.kill();
  }
}

/** One origin's latencies, by load, over the counted rounds. */
function rounds(): {
  cached: number[];
  uncached: number[];
  floor: number[];
  afterWrite: number[];
} {
  return { cached: [], uncached: [], floor: [], afterWrite: [] };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

try {
  const { tenant, staffIds, serviceId } = await seedBenchSalon(call, 'Bench', STAFF);

  // Existing bookings, so availability has occupancies to work around.
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
  // Statistics, as autovacuum leaves a live database. This one is seconds old: without
  // them the planner takes every table for empty and checks a foreign key by reading the
  // business's whole appointment history (docs/performance.md, fifth pass).
  const admin = new pg.Client({ connectionString: stack.databaseUrl });
  await admin.connect();
  // Kept for the version bumps below; a run that fails stops Postgres under it.
  admin.on('error', () => {});
  await admin.query('ANALYZE');

  // The workerd that runs the Worker, behind wrangler dev's proxy (runtime-url.ts); found
  // on Linux only. Elsewhere the runtime_ lines are left out, and the rest still runs.
  const runtime = await workerRuntimeUrl(stack.url).catch((error: Error) => {
    console.warn(`The runtime_ lines are left out: ${error.message}`);
    return undefined;
  });

  // BENCH_ONLY=booking: the booking figures alone (throughput, its floor, contention),
  // for comparing booking-path changes without the availability and widget runs.
  const bookingOnly = process.env.BENCH_ONLY === 'booking';
  // biome-ignore format: the availability lines keep their indentation (a smaller diff)
  if (!bookingOnly) {
  // Availability: 50 clients, 10 month-range requests each, all for the same month
  // (cached); the same load with no two requests alike (uncached: client c asks in zone
  // c for the month starting i days ahead); the worker floor; and, after a version bump,
  // no two requests for the same dates (after_write). The four take turns in five rounds
  // of two requests per client, so that a busy moment of this shared machine weighs on
  // each of them, not on whichever ran then.
  const monthUrl = `${base}/${tenant.subdomain}/availability?service_id=cut&${month}`;
  await call('GET', `/${tenant.subdomain}/availability?service_id=cut&${month}`);
  const ROUNDS = 5;
  const PER_ROUND = 2;
  /**
   * One round: the four loads in turn against `origin` (wrangler dev's port, or the
   * Worker's runtime behind it), the uncached one asking in `zones` (one a client), the
   * one after a write in `laterZones`.
   */
  const round = async (origin: string, r: number, zones: string[], laterZones: string[]) => {
    const api = `${origin}/api/booking/v1/${tenant.subdomain}`;
    const one = {
      cached: await load(() => `${api}/availability?service_id=cut&${month}`, 200, PER_ROUND),
      uncached: await load(
        (client, i) =>
          `${api}/availability?service_id=cut` +
          `&start_date=${dateAhead(1 + r * PER_ROUND + i)}` +
          `&end_date=${dateAhead(30 + r * PER_ROUND + i)}&timezone=${zones[client]}`,
        200,
        PER_ROUND,
      ),
      // A path no route matches: 404 without the database. (`/no-such-page`, used before,
      // is one segment: the booking page route looked it up as a business, one database
      // connection and query per request, which made this floor a database round trip.)
      floor: await load(() => `${origin}/no-such/page`, 404, PER_ROUND),
      afterWrite: [] as number[],
    };
    // A write, and then 100 requests for 100 different ranges of 19–37 days starting in
    // the next ten days (client c's i-th starts c % 10 + 1 days ahead and ends
    // ⌊c / 10⌋ + 5i + 29 days ahead), in zones of their own: no document read for one
    // serves another, and none read before the write serves any.
    await bumpAvailabilityVersion(admin, tenant.id);
    one.afterWrite = await load(
      (client, i) =>
        `${api}/availability?service_id=cut` +
        `&start_date=${dateAhead(1 + (client % 10))}` +
        `&end_date=${dateAhead(29 + Math.floor(client / 10) + 5 * i)}&timezone=${laterZones[client]}`,
      200,
      PER_ROUND,
    );
    // The cached month computed again, so the next round's cached load finds it kept.
    await fetch(`${api}/availability?service_id=cut&${month}`).then((response) => response.text());
    return one;
  };
  const zones = Intl.supportedValuesOf('timeZone');
  // Each origin's uncached requests ask in zones of their own (nothing computed for one
  // is kept for the other), and the warm-up rounds in zones no counted round uses.
  const zonesFor = { proxy: zones.slice(0, 50), runtime: zones.slice(100, 150) };
  const laterZonesFor = { proxy: zones.slice(200, 250), runtime: zones.slice(250, 300) };
  // One round first, not counted: the JIT's first compiles of each path (the cached
  // answer's above all) fell in the first rounds, and the p95 read them.
  await round(stack.url, 0, zones.slice(50, 100), zones.slice(300, 350));
  if (runtime) await round(runtime, 0, zones.slice(150, 200), zones.slice(350, 400));
  const measured = { proxy: rounds(), runtime: rounds() };
  const origins: Array<readonly ['proxy' | 'runtime', string]> = [['proxy', stack.url]];
  if (runtime) origins.push(['runtime', runtime]);
  for (let r = 0; r < ROUNDS; r++) {
    // Taking turns, so that a busy moment of this shared machine weighs on both.
    for (const [name, origin] of origins) {
      const one = await round(origin, r, zonesFor[name], laterZonesFor[name]);
      measured[name].cached.push(...one.cached);
      measured[name].uncached.push(...one.uncached);
      measured[name].floor.push(...one.floor);
      measured[name].afterWrite.push(...one.afterWrite);
    }
  }
  for (const [name, prefix] of [
    ['proxy', ''],
    ['runtime', 'runtime_'],
  ] as const) {
    const { cached, uncached, floor, afterWrite } = measured[name];
    if (floor.length === 0) continue;
    const figures: Array<[string, number[]]> = [
      ['api_availability', cached],
      ['api_availability_uncached', uncached],
      ['api_availability_after_write', afterWrite],
      ['worker_floor', floor],
    ];
    for (const [line, values] of figures) {
      for (const p of [50, 95]) {
        console.log(`BENCH ${prefix}${line}_p${p} ${percentile(values, p).toFixed(1)} ms`);
      }
    }
    const floorP95 = percentile(floor, 95);
    for (const [line, values] of figures.slice(0, 3)) {
      const ratio = percentile(values, 95) / floorP95;
      console.log(`BENCH ${prefix}${line}_vs_worker_floor ${ratio.toFixed(2)} x`);
    }
  }

  // The floor: the same clients and body, served by a child process that does nothing else.
  const floor = await measureFloor(await (await fetch(monthUrl)).text());
  console.log(`BENCH loopback_floor_p50 ${percentile(floor, 50).toFixed(1)} ms`);
  console.log(`BENCH loopback_floor_p95 ${percentile(floor, 95).toFixed(1)} ms`);
  if (process.env.BENCH_ONLY === 'availability') {
    // `BENCH_ONLY=availability node … bench/api.bench.ts`: the figures above, nothing after.
    console.log(`BENCH load_avg_1m_end ${loadavg()[0]!.toFixed(2)} procs`);
    closeClient();
    await admin.end();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  }

  }

  // Throughput: distinct staff and slots, 20 in flight.
  const everyOther = (slots: Array<{ start_time: string }>) =>
    slots
      .filter((_, i) => i % 2 === 0)
      .slice(0, 20)
      .map((slot) => slot.start_time);
  /** The load on the day `daysAhead` through `post`: bookings made, seconds taken. */
  const throughputOn = async (post: typeof call, daysAhead: number) => {
    const day = await call(
      'GET',
      `/${tenant.subdomain}/availability?service_id=cut&date=${dateAhead(daysAhead)}`,
    );
    const free = (day.json!.days as Array<{ slots: Array<{ start_time: string }> }>)[0]!.slots;
    const jobs = jobsAcrossStaff(staffIds, everyOther(free));
    let booked = 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          const response = await post('POST', `/${tenant.subdomain}/appointments`, {
            service_id: serviceId,
            staff_id: job.staffId,
            start_time: job.start,
            customer: { name: 'T', email: `t${daysAhead}-${job.n}@example.com` },
          });
          if (response.status === 201) booked++;
        }
      }),
    );
    return { booked, seconds: (performance.now() - started) / 1000 };
  };
  // The same load asked of the Worker's runtime (runtime-url.ts), not through wrangler
  // dev's proxy, whose workerd spent 1.7–2.0 of the 12.7–14.6 ms of CPU a booking cost
  // this machine (docs/performance.md, ninth pass).
  const direct = runtime ? jsonClient(`${runtime}/api/booking/v1`) : undefined;
  // One round first, not counted, as the baseline opens its 20 connections before its
  // clock starts: the first concurrent load paid the Worker's database connections and
  // the JIT's first compiles of the concurrent path (144–146 /s, then 162–202 /s).
  await throughputOn(call, 44);
  const totals = { proxy: { booked: 0, seconds: 0 }, runtime: { booked: 0, seconds: 0 } };
  for (const [name, post, daysAhead] of [
    ['proxy', call, 40],
    ['runtime', direct?.call, 41],
    ['proxy', call, 42],
    ['runtime', direct?.call, 43],
  ] as const) {
    if (!post) continue;
    const { booked, seconds } = await throughputOn(post, daysAhead);
    totals[name].booked += booked;
    totals[name].seconds += seconds;
  }
  const throughput = totals.proxy.booked / totals.proxy.seconds;
  const runtimeThroughput = totals.runtime.booked / totals.runtime.seconds;
  console.log(`BENCH booking_throughput ${throughput.toFixed(1)} bookings/s`);
  if (direct)
    console.log(`BENCH runtime_booking_throughput ${runtimeThroughput.toFixed(1)} bookings/s`);

  // The floor: the same jobs on another day, the same transaction straight to Postgres.
  const baselineDay = await call(
    'GET',
    `/${tenant.subdomain}/availability?service_id=cut&date=${dateAhead(50)}`,
  );
  const baselineFree = (
    baselineDay.json!.days as Array<{ slots: Array<{ start_time: string }> }>
  )[0]!.slots;
  const baselineJobs = jobsAcrossStaff(staffIds, everyOther(baselineFree));
  const baseline = await measureBookingBaseline(
    stack.databaseUrl,
    tenant.id,
    serviceId,
    baselineJobs,
  );
  console.log(`BENCH booking_baseline_per_s ${baseline.toFixed(1)} bookings/s`);
  console.log(`BENCH booking_vs_baseline ${(throughput / baseline).toFixed(3)} x`);
  if (direct)
    console.log(`BENCH runtime_booking_vs_baseline ${(runtimeThroughput / baseline).toFixed(3)} x`);

  // Contention: 64 at once for one slot, 5 rounds.
  const race = await call(
    'GET',
    `/${tenant.subdomain}/availability?service_id=cut&staff_id=${staffIds[0]}&date=${dateAhead(45)}`,
  );
  const raceSlots = (race.json!.days as Array<{ slots: Array<{ start_time: string }> }>)[0]!.slots;
  const contention: number[] = [];
  for (let round = 0; round < 5; round++) {
    const responses = await Promise.all(
      Array.from({ length: 64 }, (_, n) =>
        call('POST', `/${tenant.subdomain}/appointments`, {
          service_id: serviceId,
          staff_id: staffIds[0],
          start_time: raceSlots[round * 2]!.start_time,
          customer: { name: 'R', email: `r${round}-${n}@example.com` },
        }),
      ),
    );
    const wins = responses.filter((r) => r.status === 201).length;
    if (wins !== 1 || responses.some((r) => r.status >= 500))
      throw new Error(`round ${round}: ${wins} winners`);
    contention.push(...responses.map((r) => r.ms));
  }
  console.log(`BENCH contention_p95 ${percentile(contention, 95).toFixed(1)} ms`);
  direct?.close();

  // Script tag inserted → first slot painted, headless Chromium against this stack.
  // biome-ignore format: the first-slot lines keep their indentation (a smaller diff)
  if (!bookingOnly) {
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, ['bench/first-slot.ts'], {
      cwd: join(REPO_ROOT, 'packages/widget'),
      env: { ...process.env, BOOKSPRINTZ_URL: stack.url },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', () => resolve());
  });
  }
  await admin.end();
  console.log(`BENCH load_avg_1m_end ${loadavg()[0]!.toFixed(2)} procs`);
} finally {
  closeClient();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
