import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLocalPostgres, startWsBridge } from '@booksprintz/dev-stack';
import { Client, neonConfig } from '@neondatabase/serverless';
import { afterAll, describe, expect, it } from 'vitest';
import ws from 'ws';

// The Worker's driver settings (see ws-bridge.test.ts): the password goes with the startup.
neonConfig.webSocketConstructor = ws;
neonConfig.useSecureWebSocket = false;
neonConfig.pipelineTLS = false;
neonConfig.pipelineConnect = 'password';

const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** A query from the Worker's driver through the local bridge: what `pnpm dev` runs on. */
async function workerQuery(url: string): Promise<unknown> {
  const target = new URL(url);
  const bridge = await startWsBridge({
    port: await freePort(),
    target: { host: target.hostname, port: Number(target.port) },
  });
  const client = new Client(url);
  client.neonConfig.wsProxy = (host, port) => `${bridge.proxy}?address=${host}:${port}`;
  try {
    await client.connect();
    return (await client.query('SELECT 1 AS one')).rows[0];
  } finally {
    await client.end().catch(() => {});
    await bridge.close();
  }
}

describe('the local Postgres of pnpm dev', () => {
  it('switches a cluster made with SCRAM on loopback to password auth, so the Worker can connect', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'booksprintz-old-cluster-')), 'pg');
    cleanup.push(() => rm(join(dataDir, '..'), { recursive: true, force: true }));
    const port = await freePort();
    const first = await startLocalPostgres({ dataDir, port });
    expect(first.created).toBe(true);
    // As clusters made before password auth were: SCRAM on the loopback lines.
    const hba = join(dataDir, 'pg_hba.conf');
    const current = await readFile(hba, 'utf8');
    await writeFile(hba, current.replace(/^(host\s.*\s)password$/gm, '$1scram-sha-256'));
    await first.stop();

    const again = await startLocalPostgres({ dataDir, port });
    cleanup.push(() => again.stop());
    expect(again.created).toBe(false);
    expect(await readFile(hba, 'utf8')).not.toMatch(/^host\s.*scram-sha-256/m);
    expect(await workerQuery(again.url)).toEqual({ one: 1 });
  });
});
