import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@booksprintz/dev-stack';

/** `pnpm dev` (scripts/dev.ts) as a child process, its output collected. */
export interface DevRun {
  child: ChildProcess;
  output: () => string;
  /** The URL of the ready line. */
  ready: Promise<string>;
  /** Resolves once a line matching `pattern` has been printed (after `from` chars). */
  printed(pattern: RegExp, from?: number): Promise<string>;
}

/**
 * Starts `node scripts/dev.ts`, or with `viaPnpm` `pnpm dev` inside a pseudo-terminal
 * (`script` from util-linux), where Ctrl-C is a real ^C typed into the terminal: the
 * kernel sends SIGINT to the foreground process group, exactly as for a person.
 * `script` runs another script the same way (one that prints the same ready line).
 */
export function startDev(
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
  options: { viaPnpm?: boolean; script?: string } = {},
): DevRun {
  let output = '';
  const fullEnv = { ...process.env, PORT: String(port), BOOKSPRINTZ_DATA_DIR: dataDir, ...env };
  const child = options.viaPnpm
    ? spawn('script', ['-qfec', 'pnpm dev', '/dev/null'], {
        cwd: REPO_ROOT,
        env: fullEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, [options.script ?? join(REPO_ROOT, 'scripts/dev.ts')], {
        cwd: REPO_ROOT,
        env: fullEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8').replaceAll('\r\n', '\n');
    for (const check of waiters) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
    for (const check of waiters) check();
  });
  const printed = (pattern: RegExp, from = 0) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output.slice(from));
        if (match) {
          waiters.delete(check);
          resolve(match[1] ?? match[0]);
        } else if (exited !== undefined) {
          waiters.delete(check);
          reject(new Error(`pnpm dev exited with ${exited} before ${pattern}:\n${output}`));
        }
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    output: () => output,
    ready: printed(/^BookSprintz ready: (\S+)$/m),
    printed,
  };
}

/** Every live descendant of a process (wrangler runs in its own group, still a child). */
export function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

export function alive(pids: number[]): string[] {
  return pids.flatMap((pid) => {
    try {
      const stat = execFileSync('ps', ['-o', 'stat=,args=', '-p', String(pid)], {
        encoding: 'utf8',
      }).trim();
      return stat && !stat.startsWith('Z') ? [`${pid} ${stat}`] : []; // zombies are already dead
    } catch {
      return []; // ps exits 1 for a pid that is gone
    }
  });
}

export function commandOf(pid: number): string {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

export async function portIsClosed(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}

export async function stopWith(run: DevRun, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => run.child.once('exit', resolve));
  run.child.kill(signal);
  return exited;
}
