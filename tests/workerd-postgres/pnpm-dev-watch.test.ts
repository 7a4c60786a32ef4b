import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@booksprintz/dev-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alive,
  commandOf,
  type DevRun,
  descendants,
  startDev,
  stopWith,
} from '../support/dev-process.ts';

/**
 * `pnpm dev` watches what it started: a Postgres that dies is started again, and a
 * Worker that stops answering (its workerd killed: wrangler's proxy then leaves every
 * request hanging) gets a fresh `wrangler dev`. BOOKSPRINTZ_WATCH_MS makes the probe
 * run more often here; the test waits for what is printed, never for a time.
 */
let dataDir: string;
let run: DevRun;
let port: number;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-dev-watch-'));
  port = await freePort();
  run = startDev(port, dataDir, { BOOKSPRINTZ_WATCH_MS: '500' });
  await run.ready;
}, 120_000);

afterAll(async () => {
  if (run && run.child.exitCode === null) await stopWith(run, 'SIGTERM');
  await rm(dataDir, { recursive: true, force: true });
});

/** The demo profile comes from Postgres through the Worker: the whole chain answers. */
async function demoAnswers(): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/booking/v1/demo`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 200) return true;
      await response.body?.cancel();
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function processOf(pattern: RegExp): number {
  const pid = descendants(run.child.pid!).find((candidate) => pattern.test(commandOf(candidate)));
  expect(pid, `no process matching ${pattern}`).toBeDefined();
  return pid as number;
}

describe('pnpm dev watches what it started', () => {
  it('restarts Postgres when it dies, and says so', async () => {
    const postmaster = processOf(/bin\/postgres -D/);
    const from = run.output().length;
    process.kill(postmaster, 'SIGKILL');
    await run.printed(/Postgres stopped unexpectedly \(SIGKILL\); restarting it/, from);
    await run.printed(/Postgres restarted\./, from);
    expect(alive([postmaster])).toEqual([]);
    expect(await demoAnswers()).toBe(true);
  }, 120_000);

  it('restarts the Worker when workerd is killed and requests would hang', async () => {
    const entry = processOf(
      new RegExp(`workerd serve .*--socket-addr=entry=127\\.0\\.0\\.1:${port}`),
    );
    const from = run.output().length;
    process.kill(entry, 'SIGKILL');
    await run.printed(/restarting wrangler dev/, from);
    await run.printed(/Worker restarted\./, from);
    expect(await demoAnswers()).toBe(true);
  }, 180_000);

  it('still stops everything on SIGTERM after the restarts', async () => {
    const family = descendants(run.child.pid!);
    expect(await stopWith(run, 'SIGTERM')).toBe(0);
    expect(run.output()).toContain('BookSprintz stopped.');
    expect(alive(family)).toEqual([]);
  }, 60_000);
});
