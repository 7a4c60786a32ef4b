import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDevSecrets } from './dev-secrets.ts';
import { freePort } from './free-port.ts';
import { migrateDatabase } from './migrate.ts';
import { type LocalPostgres, startLocalPostgres } from './postgres.ts';
import { seedDemo } from './seed.ts';
import { ensureSiteBuilt } from './site-build.ts';
import { startWsBridge, type WsBridge } from './ws-bridge.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface StackOptions {
  /** Where the Worker listens (127.0.0.1). */
  port: number;
  /** Local state: Postgres cluster, dev secrets, Durable Object storage. */
  dataDir: string;
  /** Use this Postgres instead of starting an embedded one. */
  databaseUrl?: string | undefined;
  /** Delete the embedded cluster on stop (tests). */
  persistent?: boolean;
  platformApiKey?: string;
  /** Seed the demo business when the database has no tenants. */
  seed?: boolean;
  /** Extra Worker variables (tests: fake provider URLs and the like). */
  vars?: Record<string, string>;
  /** Aborting during start-up stops whatever had started (Ctrl-C before ready). */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface Stack {
  url: string;
  databaseUrl: string;
  bridge: WsBridge | undefined;
  /** Milliseconds per start-up phase, for the README and issue notes. */
  timings: Record<string, number>;
  seeded: boolean;
  stop(): Promise<void>;
}

/**
 * Brings up the whole local system the way `pnpm dev` shows it and the integration
 * suites test it: Postgres (embedded unless a URL is given), migrations, the demo
 * seed, the WebSocket bridge for the Neon driver, and the Worker in real workerd via
 * `wrangler dev`. Resolves once the Worker answers its health check.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const started = performance.now();
  const mark = (phase: string) => {
    timings[phase] = Math.round(performance.now() - started);
    options.signal?.throwIfAborted();
  };
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    let postgres: LocalPostgres | undefined;
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      postgres = await startLocalPostgres({
        dataDir: join(options.dataDir, 'postgres'),
        port: Number(process.env.PG_PORT) || (await freePort()),
        persistent: options.persistent ?? true,
        log: (line) => log(`[postgres] ${line}`),
      });
      const stopPostgres = postgres.stop;
      cleanups.push(() => stopPostgres());
      databaseUrl = postgres.url;
      mark('postgres');
    }

    await migrateDatabase(databaseUrl);
    mark('migrate');
    const seeded = options.seed === false ? false : await seedDemo(databaseUrl);
    mark('seed');

    const target = new URL(databaseUrl);
    // Neon is reached directly over its own WebSocket endpoint; any other Postgres
    // needs the bridge.
    const needsBridge = !target.hostname.endsWith('.neon.tech');
    let bridge: WsBridge | undefined;
    if (needsBridge) {
      const activeBridge = await startWsBridge({
        port: await freePort(),
        target: { host: target.hostname, port: Number(target.port || 5432) },
        // BRIDGE_POOL=off: a new Postgres connection per request, as before the pool.
        pool: process.env.BRIDGE_POOL !== 'off',
      });
      bridge = activeBridge;
      cleanups.push(() => activeBridge.close());
    }

    await ensureSiteBuilt(REPO_ROOT, log);
    mark('assets');

    const secrets = await loadDevSecrets(join(options.dataDir, 'dev-secrets.json'));
    const envFile = join(options.dataDir, 'worker.env');
    const workerVars: Record<string, string> = {
      ENVIRONMENT: 'development',
      NEON_WS_PROXY: bridge?.proxy ?? '',
      DATABASE_URL: databaseUrl,
      PLATFORM_API_KEY: options.platformApiKey ?? 'dev_platform_key',
      ...secrets,
      ...(process.env.RATE_LIMITS ? { RATE_LIMITS: process.env.RATE_LIMITS } : {}),
      ...options.vars,
    };
    await writeFile(
      envFile,
      Object.entries(workerVars)
        .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
        .join('\n'),
      { mode: 0o600 },
    );

    const worker = await startWrangler({
      port: options.port,
      envFile,
      persistTo: join(options.dataDir, 'wrangler'),
      log,
    });
    cleanups.push(() => worker.stop());
    mark('wrangler');

    const url = `http://127.0.0.1:${options.port}`;
    await waitForHealthy(url, worker.exited, options.signal);
    mark('ready');
    return { url, databaseUrl, bridge, timings, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface RunningWrangler {
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

async function startWrangler(options: {
  port: number;
  envFile: string;
  persistTo: string;
  log: (line: string) => void;
}): Promise<RunningWrangler> {
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const wranglerBin = join(dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      wranglerBin,
      'dev',
      '--config',
      join(REPO_ROOT, 'wrangler.toml'),
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      // A fixed inspector port (9229) would clash between parallel stacks.
      '--inspector-port',
      String(await freePort()),
      '--persist-to',
      options.persistTo,
      '--env-file',
      options.envFile,
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stop() can end wrangler and its workerd together.
      detached: true,
    },
  );
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim()) options.log(`[worker] ${line}`);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);

  return {
    exited,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      signalGroup(child.pid, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      // Whatever is left of the group (workerd) goes too.
      signalGroup(child.pid, done ? 'SIGTERM' : 'SIGKILL');
      if (!done) await exited;
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function waitForHealthy(
  url: string,
  exited: Promise<number | null>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let workerExit: number | null | undefined;
  void exited.then((code) => {
    workerExit = code;
  });
  const deadline = Date.now() + 60_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (workerExit !== undefined)
      throw new Error(`wrangler dev exited (code ${workerExit}) before it was ready`);
    try {
      const response = await fetch(`${url}/api/booking/v1/health`, {
        signal: AbortSignal.timeout(5000),
      });
      if (response.ok) return;
      last = `health answered ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await delay(150);
  }
  throw new Error(`The Worker did not become healthy within 60 s (${last})`);
}

const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
