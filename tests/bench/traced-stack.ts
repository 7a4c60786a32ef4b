/**
 * The real stack as the two profiles (`profile.ts`, `availability-profile.ts`) use it:
 * started with rate limits off and Postgres's statement log captured, an admin client,
 * a JSON `call` helper, `traced` to list the statements one piece of work sends, and
 * CPU seconds per process read from /proc. Nothing here is asserted.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startStack } from '@booksprintz/dev-stack';
import pg from 'pg';
import { jsonClient } from './json-client.ts';

export async function startTracedStack(
  name: string,
  /** Every log chunk of the stack, as it comes (`pg-statement-cost.ts`). */
  onLog?: (chunk: string) => void,
) {
  const statements: string[] = [];
  let recording = false;
  const dataDir = await mkdtemp(join(tmpdir(), `booksprintz-${name}-`));
  const stack = await startStack({
    port: await freePort(),
    dataDir,
    persistent: false,
    vars: { RATE_LIMITS: 'off' },
    log: (chunk) => {
      onLog?.(chunk);
      if (!recording || !chunk.startsWith('[postgres]')) return;
      for (const line of chunk.split('\n')) {
        const match = /\b(?:statement|execute [^:]*): (.*)$/.exec(line);
        if (match) statements.push(match[1]!);
      }
    },
  });
  const base = `${stack.url}/api/booking/v1`;
  const admin = new pg.Client({ connectionString: stack.databaseUrl });
  await admin.connect();
  admin.on('error', () => undefined);

  const { call, close } = jsonClient(base);

  /**
   * The SQL statements `work` makes, in order; `settleMs` after it for work that goes on
   * after the response (deliveries run in `waitUntil`).
   */
  async function traced(work: () => Promise<unknown>, settleMs = 500): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    statements.length = 0;
    recording = true;
    await work();
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    recording = false;
    return [...statements];
  }

  return { stack, base, admin, dataDir, call, traced, closeClient: close };
}

/**
 * utime + stime in seconds of a process and its threads; with `reaped`, also the
 * children it has waited for (cutime + cstime).
 */
export async function cpuSeconds(pid: number, options: { reaped?: boolean } = {}): Promise<number> {
  const fields = await statFields(pid);
  if (!fields) return 0;
  const own = Number(fields[11]) + Number(fields[12]);
  return (options.reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
}

/**
 * The fields of `/proc/<pid>/stat` after the command name (state first, so minflt is
 * [7] and utime [11]); undefined once the process is gone.
 */
async function statFields(pid: number): Promise<string[] | undefined> {
  try {
    return (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a Postgres cluster: the postmaster, its live processes, and the
 * backends that have exited (their time is added to the postmaster's `cutime`/`cstime`
 * when it reaps them), so a client whose connections close inside the window is counted.
 */
export async function clusterCpu(postmaster: number): Promise<number> {
  const roles = await clusterCpuByRole(postmaster);
  return Object.values(roles).reduce((sum, seconds) => sum + seconds, 0);
}

/** Postgres's own processes, by the title they set (`postgres: walwriter`, …). */
const BACKGROUND = [
  'walwriter',
  'checkpointer',
  'background writer',
  'autovacuum launcher',
  'autovacuum worker',
  'io worker',
  'logger',
  'logical replication launcher',
  'walsummarizer',
];

/**
 * `clusterCpu` split by role: the backends serving connections (`backends`), each kind
 * of Postgres's own process (`walwriter`, `io worker`, …), and what exited processes
 * left (`exited`: closed connections, finished autovacuum workers) with the postmaster.
 */
export async function clusterCpuByRole(postmaster: number): Promise<Record<string, number>> {
  const roles: Record<string, number> = {
    exited: await cpuSeconds(postmaster, { reaped: true }),
  };
  for (const child of descendants(postmaster)) {
    const title = child.args.replace(/^postgres:\s*/, '');
    const role = BACKGROUND.find((name) => title.startsWith(name)) ?? 'backends';
    roles[role] = (roles[role] ?? 0) + (await cpuSeconds(child.pid));
  }
  return roles;
}

/** Every process below `root`, with its command name and arguments. */
export function descendants(root: number): Array<{ pid: number; comm: string; args: string }> {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm, ...args]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      comm: comm ?? '',
      args: args.join(' '),
    }));
  const found: Array<{ pid: number; comm: string; args: string }> = [];
  const walk = (parent: number) => {
    for (const row of rows)
      if (row.ppid === parent) {
        found.push(row);
        walk(row.pid);
      }
  };
  walk(root);
  return found;
}

/** Total CPU seconds of the given processes. */
export async function cpuOf(list: Array<{ pid: number }>): Promise<number> {
  return (await Promise.all(list.map((p) => cpuSeconds(p.pid)))).reduce((a, b) => a + b, 0);
}

/**
 * Minor page faults of `list` so far: memory the kernel had to map in (each costs
 * microseconds of system time; a process that keeps freeing and taking fresh memory
 * pays them on every request).
 */
export async function minorFaultsOf(list: Array<{ pid: number }>): Promise<number> {
  const faults = await Promise.all(
    list.map(async ({ pid }) => Number((await statFields(pid))?.[7] ?? 0)),
  );
  return faults.reduce((a, b) => a + b, 0);
}

/**
 * Runs a load client (`script`, CommonJS for `node -e`) in a child process, so that its
 * CPU is counted apart from this process's (the WebSocket bridge). `input` is written to
 * its stdin as JSON; what it writes to stdout is parsed as JSON and returned.
 */
export async function loadClient<T>(script: string, input: unknown): Promise<T> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify(input));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load client exited with ${code}`);
  return JSON.parse(out) as T;
}
