/**
 * `pnpm --filter @booksprintz/tests profile`: where one booking and one availability
 * request spend their time (docs/performance.md). Against the real stack:
 *   - every SQL statement each request sends (Postgres `log_statement = all`), so the
 *     database round trips are counted, not guessed;
 *   - CPU seconds per layer (workerd, this process — the WebSocket bridge and the load
 *     client — and this stack's Postgres backends) over a run of bookings across
 *     distinct staff, the same load as `booking_throughput` in api.bench.ts.
 * Prints `PROFILE name value unit` lines. No figure here is asserted.
 * PROFILE_CPU=<file.cpuprofile> also takes a V8 CPU profile of workerd over that load
 * and prints its self time per package or feature folder (cpu-profile.ts).
 */

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startStack } from '@booksprintz/dev-stack';
import pg from 'pg';
import { type CpuProfiler, startCpuProfile, summarize } from './cpu-profile.ts';

const PLATFORM_KEY = 'dev_platform_key';
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

const statements: string[] = [];
let recording = false;
const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-profile-'));
const stack = await startStack({
  port: await freePort(),
  dataDir,
  persistent: false,
  vars: { RATE_LIMITS: 'off' },
  log: (chunk) => {
    if (!recording || !chunk.startsWith('[postgres]')) return;
    for (const line of chunk.split('\n')) {
      const match = /\b(?:statement|execute [^:]*): (.*)$/.exec(line);
      if (match) statements.push(match[1]!);
    }
  },
});
const base = `${stack.url}/api/booking/v1`;
const admin = new pg.Client({ connectionString: stack.databaseUrl });
await admin.connect();
admin.on('error', () => undefined);

async function call(method: string, path: string, body?: unknown, key?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: response.status,
    json: (await response.json().catch(() => null)) as Record<string, unknown> | null,
  };
}

/** The SQL statements one request makes, in order. */
async function traced(work: () => Promise<unknown>): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  statements.length = 0;
  recording = true;
  await work();
  // Deliveries run after the response (waitUntil); give them a moment to show up too.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  recording = false;
  return [...statements];
}

/** utime + stime in seconds of a process and its threads. */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function descendants(root: number): Array<{ pid: number; comm: string }> {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? '' }));
  const found: Array<{ pid: number; comm: string }> = [];
  const walk = (parent: number) => {
    for (const row of rows)
      if (row.ppid === parent) {
        found.push(row);
        walk(row.pid);
      }
  };
  walk(root);
  return found;
}

async function layerCpu(postmaster: number) {
  const mine = descendants(process.pid);
  const workerd = mine.filter((p) => p.comm.startsWith('workerd'));
  const postgres = descendants(postmaster);
  const sum = async (list: Array<{ pid: number }>) =>
    (await Promise.all(list.map((p) => cpuSeconds(p.pid)))).reduce((a, b) => a + b, 0);
  const self = process.cpuUsage();
  return {
    workerd: await sum(workerd),
    node: (self.user + self.system) / 1e6,
    postgres: await sum(postgres),
  };
}

try {
  await admin.query(`ALTER SYSTEM SET log_statement = 'all'`);
  await admin.query('SELECT pg_reload_conf()');
  const backend = Number(
    (await admin.query<{ pid: string }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid,
  );
  const postmaster = Number(
    execFileSync('ps', ['-o', 'ppid=', '-p', String(backend)], { encoding: 'utf8' }).trim(),
  );

  const created = await call(
    'POST',
    '/tenants',
    {
      name: 'Profile',
      business_name: 'Profile Salon',
      subdomain: `profile-${Date.now().toString(36)}`,
      timezone: 'America/New_York',
      email: 'profile@example.com',
      plan_tier: 'enterprise',
    },
    PLATFORM_KEY,
  );
  const tenant = created.json!.tenant as { id: string; subdomain: string };
  const key = created.json!.api_key as string;
  const post = (path: string, body: unknown) =>
    call('POST', `/tenants/${tenant.id}${path}`, body, key);
  for (let day = 0; day < 7; day++) {
    await post('/availability-rules', {
      rule_type: 'recurring',
      day_of_week: day,
      start_time: '08:00',
      end_time: '20:00',
    });
  }
  const staffIds: string[] = [];
  for (let i = 0; i < STAFF; i++) {
    const staff = await post('/staff', { name: `S${i}`, min_advance_booking_hours: 0 });
    staffIds.push((staff.json as { id: string }).id);
  }
  const service = (
    await post('/services', {
      slug: 'cut',
      name: 'Cut',
      duration_minutes: 30,
      price_cents: 3000,
      slot_interval_minutes: 15,
    })
  ).json as { id: string };
  const dateAhead = (days: number) =>
    new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const day = await call(
    'GET',
    `/${tenant.subdomain}/availability?service_id=cut&date=${dateAhead(40)}`,
  );
  const free = (day.json!.days as Array<{ slots: Array<{ start_time: string }> }>)[0]!.slots;
  let n = 0;
  const book = (staffId: string, start: string) =>
    call('POST', `/${tenant.subdomain}/appointments`, {
      service_id: service.id,
      staff_id: staffId,
      start_time: start,
      customer: { name: 'P', email: `p${n++}@example.com` },
    });

  // Warm every lock and connection first: the steady state is what matters.
  for (const staffId of staffIds) await book(staffId, free.at(-1)!.start_time);

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

  // CPU per layer over the throughput load: 20 in flight, distinct staff and slots.
  const jobs = staffIds.flatMap((staffId) =>
    free
      .filter((_, i) => i > 0 && i % 2 === 0)
      .slice(0, 15)
      .map((slot) => ({ staffId, start: slot.start_time })),
  );
  const cpuOut = process.env.PROFILE_CPU;
  const profiler: CpuProfiler | undefined = cpuOut ? await startCpuProfile() : undefined;
  const before = await layerCpu(postmaster);
  const started = performance.now();
  let next = 0;
  let booked = 0;
  const run = async () => {
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          if ((await book(job.staffId, job.start)).status === 201) booked++;
        }
      }),
    );
  };
  await run();
  const seconds = (performance.now() - started) / 1000;
  const after = await layerCpu(postmaster);
  console.log(`PROFILE booking_throughput ${(booked / seconds).toFixed(1)} bookings/s`);
  for (const layer of ['workerd', 'node', 'postgres'] as const) {
    const ms = ((after[layer] - before[layer]) * 1000) / booked;
    console.log(`PROFILE cpu_per_booking_${layer} ${ms.toFixed(1)} ms`);
  }
  if (profiler && cpuOut) {
    await summarize(await profiler.stop(), cpuOut, booked, INCLUSIVE);
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await admin.end();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
