import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type Stack, startStack } from '@booksprintz/dev-stack';

export interface TestStack extends Stack {
  dataDir: string;
  /** Stops the stack and deletes its data. */
  destroy(): Promise<void>;
}

/** The real system on free ports with its own temporary data: Postgres, bridge, workerd. */
export async function startTestStack(
  options: {
    dataDir?: string;
    vars?: Record<string, string>;
    /** A Postgres the test runs itself (to stop and restart it); else an embedded one. */
    databaseUrl?: string;
    /** Sees every line of the stack's output (`[postgres] …`, `[worker] …`) as it comes. */
    onLog?: (line: string) => void;
  } = {},
): Promise<TestStack> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'booksprintz-test-')));
  const logs: string[] = [];
  // A free port can be taken between asking for it and workerd binding it (seen in CI:
  // "Address already in use"); a new port, up to three tries. startStack cleans up after
  // a failed start, and the data directory is reused.
  let stack: Stack | undefined;
  for (let attempt = 1; !stack; attempt++) {
    try {
      stack = await startStack({
        port: await freePort(),
        dataDir,
        databaseUrl: options.databaseUrl,
        persistent: true,
        // Suites send hundreds of requests from one address: limits are off unless a
        // suite tests them (vars: { RATE_LIMITS: 'on' }).
        vars: { RATE_LIMITS: 'off', ...options.vars },
        log: (line) => {
          options.onLog?.(line);
          logs.push(line);
          if (logs.length > 200) logs.shift();
          if (process.env.STACK_LOGS === '1') console.log(line);
        },
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}\n--- stack output ---\n${logs.join('\n')}`);
      });
    } catch (error) {
      if (attempt >= 3 || !/address already in use/i.test(String(error))) throw error;
    }
  }
  const running: Stack = stack;
  return {
    ...running,
    dataDir,
    destroy: async () => {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
