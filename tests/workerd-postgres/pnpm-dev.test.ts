import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '@booksprintz/api/local';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `pnpm dev` as a newcomer runs it: the ready line, the demo profile, Ctrl-C leaving
 * nothing behind, and a second start finding the same data.
 */
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-dev-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface DevRun {
  child: ChildProcess;
  output: () => string;
  ready: Promise<string>;
}

function startDev(port: number): DevRun {
  let output = '';
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/dev.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), BOOKSPRINTZ_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^BookSprintz ready: (\S+)$/m.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`pnpm dev exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output, ready };
}

function processesUsing(dir: string): string[] {
  // Every process of the stack carries the data directory on its command line
  // (postgres -D, wrangler --persist-to, workerd's config) or is a child of one that does.
  try {
    return execFileSync('pgrep', ['-af', dir], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() && !line.includes('pgrep'));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function portIsClosed(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}

async function stopWith(run: DevRun, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => run.child.once('exit', resolve));
  run.child.kill(signal);
  return exited;
}

describe('pnpm dev', () => {
  it('prints the ready line, serves the demo, and leaves nothing behind on Ctrl-C', async () => {
    const port = await freePort();
    const run = startDev(port);
    const url = await run.ready;
    expect(url).toBe(`http://127.0.0.1:${port}/demo`);

    const profile = await fetch(`http://127.0.0.1:${port}/api/booking/v1/demo`);
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ business_name: 'Demo Salon' });
    expect((await fetch(url)).status).toBe(200);
    expect(processesUsing(dataDir).length).toBeGreaterThan(0);

    // Leave a mark in the database for the next start to find.
    const databaseUrl = /^Database: (postgres:\S+)/m.exec(run.output())?.[1];
    expect(databaseUrl).toBeDefined();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(
      `UPDATE booking_tenants SET business_name = 'Demo Salon (kept)' WHERE subdomain = 'demo'`,
    );
    await client.end();

    expect(await stopWith(run, 'SIGINT')).toBe(0);
    expect(run.output()).toContain('BookSprintz stopped.');
    expect(await portIsClosed(port)).toBe(true);
    expect(processesUsing(dataDir)).toEqual([]);
  });

  it('finds the same data on the next start and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = startDev(port);
    await run.ready;
    // The database already had the demo business, so nothing was seeded this time.
    expect(run.output()).not.toContain('demo business seeded');
    const profile = await fetch(`http://127.0.0.1:${port}/api/booking/v1/demo`);
    expect(await profile.json()).toMatchObject({ business_name: 'Demo Salon (kept)' });

    expect(await stopWith(run, 'SIGTERM')).toBe(0);
    expect(await portIsClosed(port)).toBe(true);
    expect(processesUsing(dataDir)).toEqual([]);
  });
});
