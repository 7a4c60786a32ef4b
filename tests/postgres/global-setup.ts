import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLocalPostgres } from '@booksprintz/dev-stack';
import type { TestProject } from 'vitest/node';

/**
 * Starts one throwaway Postgres cluster for the whole run (about 0.6 s) and hands its
 * URL to the test files, which each create their own database in it. The returned
 * teardown stops the cluster and deletes its directory.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-test-pg-'));
  const postgres = await startLocalPostgres({
    dataDir: join(dataDir, 'cluster'),
    port: await freePort(),
    persistent: false,
  });
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
