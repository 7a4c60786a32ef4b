import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '@booksprintz/dev-stack';
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

/** Every live descendant of a process (wrangler runs in its own group, still a child). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pids: number[]): string[] {
  return pids.flatMap((pid) => {
    try {
      const stat = execFileSync('ps', ['-o', 'stat=,args=', '-p', String(pid)], {
        encoding: 'utf8',
      }).trim();
      return stat && !stat.startsWith('Z') ? [`${pid} ${stat}`] : []; // zombies are already dead
    } catch {
      return []; // ps exits 1 for a pid that is gone
    }
  });
}

function commandOf(pid: number): string {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return '';
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
    const family = descendants(run.child.pid!);
    const commands = family.map(commandOf).join('\n');
    expect(commands).toContain('postgres');
    expect(commands).toContain('workerd');

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
    expect(alive(family)).toEqual([]);
  });

  it('finds the same data on the next start and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = startDev(port);
    await run.ready;
    const family = descendants(run.child.pid!);
    // The database already had the demo business, so nothing was seeded this time.
    expect(run.output()).not.toContain('demo business seeded');
    const profile = await fetch(`http://127.0.0.1:${port}/api/booking/v1/demo`);
    expect(await profile.json()).toMatchObject({ business_name: 'Demo Salon (kept)' });

    expect(await stopWith(run, 'SIGTERM')).toBe(0);
    expect(await portIsClosed(port)).toBe(true);
    expect(alive(family)).toEqual([]);
  });

  it('stops what had started when interrupted before it was ready', async () => {
    const port = await freePort();
    const run = startDev(port);
    run.ready.catch(() => undefined);
    // Wait until workerd is being started, then press Ctrl-C.
    let family: number[] = [];
    for (let i = 0; i < 200; i++) {
      family = descendants(run.child.pid!);
      if (family.map(commandOf).join('\n').includes('workerd')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(family.map(commandOf).join('\n')).toContain('workerd');
    expect(await stopWith(run, 'SIGINT')).toBe(0);
    expect(alive(family)).toEqual([]);
    expect(await portIsClosed(port)).toBe(true);
  });
});
