/**
 * The address of the workerd that runs the Worker, behind `wrangler dev`'s proxy.
 *
 * `wrangler dev` runs two workerd processes: one serves the port it was given and
 * forwards every request to the other, which runs the Worker (its address is random and
 * never printed). In production Cloudflare's edge sits where that proxy is, on other
 * machines. The `runtime_` lines of `pnpm bench` ask the runtime directly, so that this
 * machine's two cores are spent on the stack we ship, not on a development tool's
 * forwarding.
 *
 * Linux only: the listening sockets of the workerd processes below this one are read
 * from /proc (their socket inodes, /proc/net/tcp), and the one answering the health
 * check is the Worker's.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { descendants } from './traced-stack.ts';

async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address rem_address st … inode (the 10th field); 0A is LISTEN.
      if (fields[3] === '0A' && inodes.has(fields[9]!))
        ports.push(Number.parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** The Worker's own runtime, e.g. `http://127.0.0.1:39299`; throws when there is none. */
export async function workerRuntimeUrl(proxyUrl: string): Promise<string> {
  if (process.platform !== 'linux')
    throw new Error(
      `the Worker's runtime is found through /proc, which ${process.platform} has not`,
    );
  const proxyPort = Number(new URL(proxyUrl).port);
  for (const { pid, comm } of descendants(process.pid)) {
    if (!comm.startsWith('workerd')) continue;
    for (const port of await listeningPorts(pid)) {
      if (port === proxyPort) continue;
      const url = `http://127.0.0.1:${port}`;
      const answer = await fetch(`${url}/api/booking/v1/health`, {
        signal: AbortSignal.timeout(2000),
      }).catch(() => null);
      const health = (await answer?.json().catch(() => null)) as { status?: string } | null;
      if (answer?.ok && health?.status === 'ok') return url;
    }
  }
  throw new Error(`no workerd below this process answers the health check (proxy ${proxyUrl})`);
}
