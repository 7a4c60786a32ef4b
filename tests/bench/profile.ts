/**
 * `pnpm --filter @booksprintz/tests profile`: where one booking and one availability
 * request spend their time (docs/performance.md). Against the real stack:
 *   - every SQL statement each request sends (Postgres `log_statement = all`), so the
 *     database round trips are counted, not guessed;
 *   - CPU seconds per layer (each workerd process; this process, which runs the
 *     WebSocket bridge; the load client, a child process of its own; this stack's
 *     Postgres backends) over a run of bookings across distinct staff, the same load as
 *     `booking_throughput` in api.bench.ts;
 *   - the same for `booking_baseline_per_s`'s transaction (node-postgres straight to
 *     Postgres, api.bench.ts), so Postgres's share of a booking made through the API is
 *     compared with what the same writes cost it bare.
 * Prints `PROFILE name value unit` lines. No figure here is asserted.
 * PROFILE_RUNTIME=1 sends the load to the Worker's runtime instead of wrangler dev's proxy.
 * PROFILE_CPU=<file.cpuprofile> also takes a V8 CPU profile of workerd over that load
 * and prints its self time per package or feature folder (cpu-profile.ts).
 * PROFILE_PG_STATEMENTS=1 and PROFILE_PG_EXPLAIN=<file>: Postgres's CPU per statement
 * and its plans with trigger times over that load (pg-statement-cost.ts).
 */

import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { type BookingJob, dateAhead, jobsAcrossStaff, seedBenchSalon } from './bench-salon.ts';
import { measureBookingBaseline } from './booking-baseline.ts';
import { type CpuProfiler, startCpuProfile, summarize } from './cpu-profile.ts';
import { pgStatementCost } from './pg-statement-cost.ts';
import { workerRuntimeUrl } from './runtime-url.ts';
import {
  clusterCpu,
  clusterCpuByRole,
  cpuOf,
  descendants,
  loadClient,
  startTracedStack,
} from './traced-stack.ts';

const STAFF = 10;
/** Functions whose time including callees the CPU profile reports. */
const INCLUSIVE = [
  'bookUnderLock',
  'loadBookingDocument',
  'writeBooking',
  'planBookingNotifications',
  'bookableSlot',
  'bookingResponse',
  'deliverDueMessages',
  'createBooking',
  'parse',
];

/**
 * The booking load (20 in flight on kept connections, as `call` sends them), run in a
 * child process so that its CPU is counted apart from the WebSocket bridge in this one.
 */
async function bookingLoad(
  url: string,
  bodies: unknown[],
): Promise<{ booked: number; seconds: number; cpu: number }> {
  const script = `
    const { Agent, request } = require('node:http');
    const bodies = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const agent = new Agent({ keepAlive: true });
    const post = (body) => new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const outgoing = request(${JSON.stringify(url)}, { method: 'POST', agent, headers: {
        'content-type': 'application/json', 'content-length': payload.length } },
        (response) => {
          response.on('data', () => {});
          response.on('end', () => resolve(response.statusCode));
        });
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
    let next = 0;
    let booked = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    Promise.all(Array.from({ length: 20 }, async () => {
      while (next < bodies.length) if ((await post(bodies[next++])) === 201) booked++;
    })).then(() => {
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      agent.destroy();
      process.stdout.write(JSON.stringify({ booked, seconds, cpu: (cpu.user + cpu.system) / 1e6 }));
    });`;
  return loadClient<{ booked: number; seconds: number; cpu: number }>(script, bodies);
}

let listener: ((chunk: string) => void) | undefined;
const {
  stack,
  admin,
  dataDir,
  call,
  traced: tracedFor,
  closeClient,
} = await startTracedStack('profile', (chunk) => listener?.(chunk));
const statementCost = pgStatementCost(admin);
listener = (chunk) => statementCost.onLog(chunk);
/** The statements one request makes; deliveries run after the response, so wait for them. */
const traced = (work: () => Promise<unknown>) => tracedFor(work, 1500);

async function layerCpu(postmaster: number) {
  const mine = descendants(process.pid);
  const workerd = mine.filter((p) => p.comm.startsWith('workerd'));
  const self = process.cpuUsage();
  // wrangler dev runs two workerd processes: its proxy (the port clients reach) and the
  // one running the Worker and every Durable Object. Each is printed on its own too,
  // ordered by pid, and wrangler's own node processes.
  const each = Object.fromEntries(
    await Promise.all(
      [...workerd]
        .sort((a, b) => a.pid - b.pid)
        .map(async (p, i) => [`workerd_${i + 1}`, await cpuOf([p])] as const),
    ),
  );
  const wrangler = mine.filter((p) => p.args.includes('wrangler') && !p.comm.startsWith('workerd'));
  return {
    ...each,
    wrangler_node: await cpuOf(wrangler),
    workerd: await cpuOf(workerd),
    // This process runs the WebSocket bridge (the load client is a child of its own).
    bridge: (self.user + self.system) / 1e6,
    postgres: await clusterCpu(postmaster),
  };
}

try {
  await statementCost.prepare();
  await admin.query(`ALTER SYSTEM SET log_statement = 'all'`);
  await admin.query('SELECT pg_reload_conf()');
  const backend = Number(
    (await admin.query<{ pid: string }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid,
  );
  const postmaster = Number(
    execFileSync('ps', ['-o', 'ppid=', '-p', String(backend)], { encoding: 'utf8' }).trim(),
  );

  const { tenant, staffIds, serviceId } = await seedBenchSalon(call, 'Profile', STAFF);
  const day = await call(
    'GET',
    `/${tenant.subdomain}/availability?service_id=cut&date=${dateAhead(40)}`,
  );
  const free = (day.json!.days as Array<{ slots: Array<{ start_time: string }> }>)[0]!.slots;
  let n = 0;
  const book = (staffId: string, start: string) =>
    call('POST', `/${tenant.subdomain}/appointments`, {
      service_id: serviceId,
      staff_id: staffId,
      start_time: start,
      customer: { name: 'P', email: `p${n++}@example.com` },
    });

  // Warm every lock and connection first: the steady state is what matters.
  for (const staffId of staffIds) await book(staffId, free.at(-1)!.start_time);
  // Statistics, as autovacuum leaves a live database: this one is seconds old, so the
  // planner would take every table for empty (docs/performance.md, fifth pass).
  await admin.query('ANALYZE');

  const bookingSql = await traced(() => book(staffIds[0]!, free[0]!.start_time));
  console.log(`PROFILE booking_statements ${bookingSql.length} statements`);
  for (const line of bookingSql) console.log(`  booking: ${line.slice(0, 150)}`);
  const month = `start_date=${dateAhead(1)}&end_date=${dateAhead(30)}`;
  const availabilitySql = await traced(() =>
    call('GET', `/${tenant.subdomain}/availability?service_id=cut&${month}&timezone=Asia/Tokyo`),
  );
  console.log(`PROFILE availability_statements ${availabilitySql.length} statements`);
  for (const line of availabilitySql) console.log(`  availability: ${line.slice(0, 150)}`);
  await admin.query(`ALTER SYSTEM RESET log_statement`);
  await admin.query('SELECT pg_reload_conf()');

  // CPU per layer over the throughput load: 20 in flight, distinct staff and slots, over
  // PROFILE_DAYS days (default 3: 450 bookings; one day's 150 left the figure to the
  // JIT's warm-up and the neighbours' noise).
  const days = Number(process.env.PROFILE_DAYS ?? 3);
  const slotsOf = async (date: string) =>
    (
      (await call('GET', `/${tenant.subdomain}/availability?service_id=cut&date=${date}`)).json!
        .days as Array<{ slots: Array<{ start_time: string }> }>
    )[0]!.slots;
  const daySlots = [free];
  for (let d = 1; d < days; d++) daySlots.push(await slotsOf(dateAhead(40 + d)));
  const jobs = daySlots.flatMap((slots) =>
    jobsAcrossStaff(
      staffIds,
      slots
        .filter((_, i) => i > 0 && i % 2 === 0)
        .slice(0, 15)
        .map((slot) => slot.start_time),
    ),
  );
  const cpuOut = process.env.PROFILE_CPU;
  const profiler: CpuProfiler | undefined = cpuOut ? await startCpuProfile() : undefined;
  await statementCost.start();
  const before = await layerCpu(postmaster);
  const rolesBefore = await clusterCpuByRole(postmaster);
  // PROFILE_RUNTIME=1: sent to the Worker's runtime, not through wrangler dev's proxy, as
  // `runtime_booking_throughput` is (runtime-url.ts); `workerd_1`, the proxy, then idles.
  const origin = process.env.PROFILE_RUNTIME ? await workerRuntimeUrl(stack.url) : stack.url;
  const load = await bookingLoad(
    `${origin}/api/booking/v1/${tenant.subdomain}/appointments`,
    jobs.map((job, k) => ({
      service_id: serviceId,
      staff_id: job.staffId,
      start_time: job.start,
      customer: { name: 'P', email: `load${k}@example.com` },
    })),
  );
  const booked = load.booked;
  const after = await layerCpu(postmaster);
  const rolesAfter = await clusterCpuByRole(postmaster);
  const statementCosts = await statementCost.stop();
  console.log(`PROFILE booking_throughput ${(booked / load.seconds).toFixed(1)} bookings/s`);
  for (const layer of Object.keys(after) as Array<keyof typeof after>) {
    const ms = (((after[layer] ?? 0) - (before[layer] ?? 0)) * 1000) / booked;
    console.log(`PROFILE cpu_per_booking_${layer} ${ms.toFixed(1)} ms`);
  }
  console.log(`PROFILE cpu_per_booking_client ${((load.cpu * 1000) / booked).toFixed(1)} ms`);
  // Postgres's share by role: the connections' backends, and Postgres's own processes.
  for (const role of Object.keys(rolesAfter).sort()) {
    const ms = (((rolesAfter[role] ?? 0) - (rolesBefore[role] ?? 0)) * 1000) / booked;
    console.log(
      `PROFILE cpu_per_booking_postgres_${role.replaceAll(' ', '_')} ${ms.toFixed(2)} ms`,
    );
  }
  for (const cost of statementCosts) {
    const ms = ((cost.cpu * 1000) / booked).toFixed(2);
    console.log(`PROFILE pg_statement ${ms} ms/booking, ${cost.messages} messages: ${cost.label}`);
  }
  if (process.env.PROFILE_PG_EXPLAIN) {
    console.log(`PROFILE pg_plans written to ${process.env.PROFILE_PG_EXPLAIN}`);
  }
  if (profiler && cpuOut) {
    await summarize(await profiler.stop(), cpuOut, booked, INCLUSIVE);
  }

  // The baseline's transaction over the same load (the same staff, days after the API's,
  // so no slot is taken twice): Postgres's CPU per booking with nothing in between.
  const baselineJobs: BookingJob[] = [];
  for (let d = 0; d < days; d++) {
    const starts = (await slotsOf(dateAhead(50 + d)))
      .filter((_, i) => i % 2 === 0)
      .slice(0, 15)
      .map((slot) => slot.start_time);
    for (const job of jobsAcrossStaff(staffIds, starts))
      baselineJobs.push({ ...job, n: d * 10_000 + job.n });
  }
  const baseBefore = await layerCpu(postmaster);
  const perSecond = await measureBookingBaseline(
    stack.databaseUrl,
    tenant.id,
    serviceId,
    baselineJobs,
  );
  const baseAfter = await layerCpu(postmaster);
  console.log(`PROFILE baseline_per_s ${perSecond.toFixed(1)} bookings/s`);
  // node-postgres runs in this process, which the bridge (idle meanwhile) shares.
  for (const [layer, name] of [
    ['bridge', 'client'],
    ['postgres', 'postgres'],
  ] as const) {
    const ms = ((baseAfter[layer] - baseBefore[layer]) * 1000) / baselineJobs.length;
    console.log(`PROFILE baseline_cpu_per_booking_${name} ${ms.toFixed(1)} ms`);
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  closeClient();
  await admin.end();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
