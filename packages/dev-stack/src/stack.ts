import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevClock, startDevClock } from './dev-clock.ts';
import { loadDevSecrets } from './dev-secrets.ts';
import { assertPortFree, freePort } from './free-port.ts';
import { migrateDatabase } from './migrate.ts';
import { type LocalPostgres, startLocalPostgres } from './postgres.ts';
import { seedDemo } from './seed.ts';
import { ensureSiteBuilt } from './site-build.ts';
import { type WorkerWatchdog, watchWorker } from './worker-watchdog.ts';
import { type RunningWrangler, startWrangler, waitForHealthy } from './wrangler-process.ts';
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
  /** With the demo: eight weeks of past appointments (pnpm dev), not in the suites. */
  demoHistory?: boolean;
  /** Extra Worker variables (tests: fake provider URLs and the like). */
  vars?: Record<string, string>;
  /** Aborting during start-up stops whatever had started (Ctrl-C before ready). */
  signal?: AbortSignal;
  /**
   * Send the Worker a cron tick every this many milliseconds, as Cloudflare's trigger
   * does in production (`wrangler dev` never fires it). Off when absent: suites drive
   * scheduled work themselves with an injected clock.
   */
  tickMs?: number;
  /** Probe the Worker this often and restart `wrangler dev` when it stops answering;
   * restart Postgres when it dies. Off when absent. */
  watchMs?: number;
  log?: (line: string) => void;
  /** What the person running the stack must see (restarts, failing ticks); default: log. */
  notify?: (line: string) => void;
}

export interface Stack {
  url: string;
  databaseUrl: string;
  bridge: WsBridge | undefined;
  /** Milliseconds per start-up phase, for the README and issue notes. */
  timings: Record<string, number>;
  seeded: boolean;
  /** Cron ticks sent and Worker restarts done (zero when off). */
  ticks(): number;
  workerRestarts(): number;
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
  const notify = options.notify ?? log;
  const timings: Record<string, number> = {};
  const started = performance.now();
  const mark = (phase: string) => {
    timings[phase] = Math.round(performance.now() - started);
    options.signal?.throwIfAborted();
  };
  const cleanups: Array<() => Promise<void>> = [];
  let postgres: LocalPostgres | undefined;
  const stop = async () => {
    postgres?.stopWatching();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    // Before anything starts: a port already taken made the start look ready (free-port.ts).
    await assertPortFree(options.port);
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      postgres = await startLocalPostgres({
        dataDir: join(options.dataDir, 'postgres'),
        port: Number(process.env.PG_PORT) || (await freePort()),
        persistent: options.persistent ?? true,
        restartOnExit: options.watchMs !== undefined,
        notify,
        log: (line) => log(`[postgres] ${line}`),
      });
      const stopPostgres = postgres.stop;
      cleanups.push(() => stopPostgres());
      databaseUrl = postgres.url;
      mark('postgres');
    }

    await migrateDatabase(databaseUrl);
    mark('migrate');
    const seeded =
      options.seed === false
        ? false
        : await seedDemo(databaseUrl, { history: options.demoHistory === true });
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
    const url = `http://127.0.0.1:${options.port}`;
    const workerVars: Record<string, string> = {
      ENVIRONMENT: 'development',
      // Links in messages (manage page, .ics) point at this stack.
      PUBLIC_BASE_URL: url,
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

    const wranglerOptions = {
      repoRoot: REPO_ROOT,
      port: options.port,
      envFile,
      persistTo: join(options.dataDir, 'wrangler'),
      log,
    };
    let worker: RunningWrangler = await startWrangler(wranglerOptions);
    let restarting: Promise<void> | undefined;
    let stopping = false;
    cleanups.push(async () => {
      stopping = true;
      await restarting?.catch(() => undefined);
      await worker.stop();
    });
    mark('wrangler');

    await waitForHealthy(url, worker.exited, options.signal);
    mark('ready');

    let clock: DevClock | undefined;
    if (options.tickMs !== undefined) {
      const started = startDevClock({ url, intervalMs: options.tickMs, notify });
      clock = started;
      cleanups.push(async () => started.stop());
    }
    let watchdog: WorkerWatchdog | undefined;
    if (options.watchMs !== undefined) {
      const restart = async () => {
        if (stopping) return;
        await worker.stop();
        if (stopping) return;
        worker = await startWrangler(wranglerOptions);
        await waitForHealthy(url, worker.exited, undefined);
      };
      const watching = watchWorker({
        url,
        intervalMs: options.watchMs,
        exited: () => worker.exited,
        restart: () => {
          restarting = restart();
          return restarting;
        },
        notify,
      });
      watchdog = watching;
      // First in the reversed cleanup order: no restart races the shutdown.
      cleanups.push(async () => watching.stop());
    }
    return {
      url,
      databaseUrl,
      bridge,
      timings,
      seeded,
      ticks: () => clock?.ticks() ?? 0,
      workerRestarts: () => watchdog?.restarts() ?? 0,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
