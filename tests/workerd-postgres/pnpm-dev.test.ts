import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@booksprintz/dev-stack';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alive,
  commandOf,
  descendants,
  portIsClosed,
  startDev,
  stopWith,
} from '../support/dev-process.ts';

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

describe('pnpm dev', () => {
  it('prints the ready line, serves the demo, and leaves nothing behind on Ctrl-C', async () => {
    const port = await freePort();
    const run = startDev(port, dataDir);
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
    const run = startDev(port, dataDir);
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

  it('prints "BookSprintz stopped." and leaves nothing behind on Ctrl-C in a terminal running pnpm dev', async () => {
    const port = await freePort();
    const run = startDev(port, dataDir, {}, { viaPnpm: true });
    await run.ready;
    const family = descendants(run.child.pid!);
    expect(family.map(commandOf).join('\n')).toContain('workerd');
    const exited = new Promise<number | null>((resolve) => run.child.once('exit', resolve));
    run.child.stdin?.write('\x03'); // ^C typed into the terminal
    // 0 from our own shutdown; 130 (128 + SIGINT) is how a shell reports a Ctrl-C'd
    // command, which pnpm may do: either way the person sees the stop message and
    // nothing is left running.
    expect([0, 130], run.output()).toContain(await exited);
    expect(run.output()).toContain('BookSprintz stopped.');
    expect(alive(family)).toEqual([]);
    expect(await portIsClosed(port)).toBe(true);
  });

  it('stops everything, wrangler included, when its terminal is closed (SIGHUP)', async () => {
    const port = await freePort();
    const run = startDev(port, dataDir, {}, { viaPnpm: true });
    await run.ready;
    const family = descendants(run.child.pid!);
    expect(family.map(commandOf).join('\n')).toContain('workerd');
    // The terminal window shut: the pseudo-terminal's master side goes away and the
    // kernel hangs up the session (SIGHUP to its foreground process group).
    run.child.kill('SIGKILL');
    for (let i = 0; i < 200 && alive(family).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(alive(family)).toEqual([]);
    expect(await portIsClosed(port)).toBe(true);
  });

  it('refuses to start on a port something already serves, saying so, and starts nothing', async () => {
    // Another server on the port (another `pnpm dev`, here a bare one that would answer the
    // health check): the start used to print its ready line, answered by the other server.
    const port = await freePort();
    const other = createServer((_, response) => response.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    const fresh = await mkdtemp(join(tmpdir(), 'booksprintz-dev-taken-'));
    const run = startDev(port, fresh);
    try {
      await expect(run.ready).rejects.toThrow(/exited with 1/);
      expect(run.output()).toContain(`port ${port} is already in use`);
      expect(run.output()).toContain(`PORT=${port + 1} pnpm dev`);
      expect(run.output()).not.toContain('BookSprintz ready');
      // Refused before anything started: no database was even created.
      expect(existsSync(join(fresh, 'postgres'))).toBe(false);
    } finally {
      // Had it started anyway, it is stopped here, not left running.
      if (run.child.exitCode === null) await stopWith(run, 'SIGINT');
      await new Promise((resolve) => other.close(resolve));
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('stops what had started when interrupted before it was ready', async () => {
    const port = await freePort();
    const run = startDev(port, dataDir);
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
