/**
 * `pnpm bench:first-slot` (tests): DESIGN §9's "script tag inserted → first slot button
 * painted, loopback, headless Chromium ≤ 300 ms median" against the real stack (Postgres,
 * workerd, the built widget as the Worker serves it), alone: api.bench.ts runs the same
 * measurement after its load tests. Prints `first_slot_ms` (packages/widget/bench/first-slot.ts);
 * BASELINE=<a widget build's dist/widget> adds that build's figure beside it, PROFILE=1 the
 * browser's CPU profile by phase instead.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, startStack } from '@booksprintz/dev-stack';

console.log(`BENCH load_avg_1m_start ${loadavg()[0]!.toFixed(2)} procs`);
const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-first-slot-'));
const stack = await startStack({
  port: await freePort(),
  dataDir,
  persistent: false,
  vars: { RATE_LIMITS: 'off' },
});
// BASELINE=<a widget build's dist/widget> serves that build too, at /widget-baseline/, and
// alternates the two run by run (before/after figures that met the same load).
const baseline = process.env.BASELINE;
const srcs = ['/widget/v1/book-sprintz.js'];
if (baseline) {
  await cp(baseline, join(REPO_ROOT, 'dist/site/widget-baseline'), { recursive: true });
  srcs.push('/widget-baseline/v1/book-sprintz.js');
}
try {
  await new Promise<void>((resolve) => {
    // PROFILE=1: where the time goes in the browser instead (first-slot-profile.ts).
    const script = process.env.PROFILE ? 'bench/first-slot-profile.ts' : 'bench/first-slot.ts';
    const child = spawn(process.execPath, [script], {
      cwd: join(REPO_ROOT, 'packages/widget'),
      env: { ...process.env, BOOKSPRINTZ_URL: stack.url, SRCS: srcs.join(',') },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', () => resolve());
  });
  console.log(`BENCH load_avg_1m_end ${loadavg()[0]!.toFixed(2)} procs`);
} finally {
  if (baseline)
    await rm(join(REPO_ROOT, 'dist/site/widget-baseline'), { recursive: true, force: true });
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
