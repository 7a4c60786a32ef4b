/**
 * `pnpm test`: every suite of the workspace, one after another (the machines have two
 * cores, and the integration suites start their own Postgres and workerd), then one
 * closing line `N passed, N failed, N skipped` summed over all of them.
 *
 * `pnpm test <suite>` runs only the named suites (shared, api, widget, tests).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { judgeSuite, type VitestJson } from './test-outcome.ts';

const root = resolve(import.meta.dirname, '..');

interface Suite {
  name: string;
  dir: string;
  /** A suite with its own runner; it writes `.tmp/test-reports/<name>.json` itself. */
  command?: string[];
}

const suites: Suite[] = [
  { name: 'shared', dir: 'packages/shared' },
  { name: 'api', dir: 'packages/api' },
  // Component tests in Chromium (@web/test-runner + Playwright); under CI=true a
  // missing browser fails the run instead of skipping.
  // …then the built files themselves (translations compacted, properties mangled) in
  // Chromium against the demo's fake API, in all three locales.
  {
    name: 'widget',
    dir: 'packages/widget',
    command: ['sh', '-c', 'pnpm run test && pnpm run build && pnpm run check:dist'],
  },
  { name: 'tests', dir: 'tests' },
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? suites.filter((suite) => wanted.includes(suite.name)) : suites;
const reports = join(root, '.tmp', 'test-reports');
await rm(reports, { recursive: true, force: true });
await mkdir(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
let failedSuites = 0;

for (const suite of selected) {
  const report = join(reports, `${suite.name}.json`);
  console.log(`\n━━ ${suite.name} (${suite.dir}) ━━`);
  const [command = 'pnpm', ...args] = suite.command ?? [
    'pnpm',
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  const code = await run(command, args, join(root, suite.dir));
  const json = existsSync(report)
    ? (JSON.parse(await readFile(report, 'utf8')) as VitestJson)
    : undefined;
  const { failed: suiteFailed, counts } = judgeSuite(code, json);
  if (suiteFailed) failedSuites++;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(
    `${suite.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
}

console.log('\n━━ summary ━━');
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSuites > 0 || totals.failed > 0 ? 1 : 0);

function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('exit', (exitCode, signal) => resolveRun(exitCode ?? (signal ? 1 : 0)));
    child.on('error', () => resolveRun(1));
  });
}
