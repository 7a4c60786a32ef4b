import { join } from 'node:path';
import { freePort } from '../packages/dev-stack/src/free-port.ts';
import { startLocalPostgres } from '../packages/dev-stack/src/postgres.ts';
import { REPO_ROOT } from '../packages/dev-stack/src/stack.ts';

/**
 * Runs `task` against `DATABASE_URL`, or, when it is unset, against the embedded
 * development database in .data/postgres (started for the task and stopped after).
 */
export async function withDatabase(task: (url: string) => Promise<void>): Promise<void> {
  const given = process.env.DATABASE_URL;
  if (given) return task(given);
  const dataDir = join(process.env.BOOKSPRINTZ_DATA_DIR || join(REPO_ROOT, '.data'), 'postgres');
  const postgres = await startLocalPostgres({ dataDir, port: await freePort() }).catch(
    (error: unknown) => {
      throw new Error(
        `Could not start the embedded Postgres in ${dataDir} (is \`pnpm dev\` running? It migrates and seeds by itself).\n${String(error)}`,
      );
    },
  );
  try {
    await task(postgres.url);
  } finally {
    await postgres.stop();
  }
}

export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
