/**
 * A V8 CPU profile of workerd (the Worker and every Durable Object share its isolate
 * locally) through wrangler's inspector, with self time summed per bundled module: the
 * bundle wrangler runs marks each module with a `// path` comment, so a sample's line
 * says which package (the Neon driver, drizzle, Luxon, our features) spent it.
 * Used by profile.ts when PROFILE_CPU is set; figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@booksprintz/dev-stack';
import WebSocket from 'ws';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** wrangler's inspector port, from the arguments of the `wrangler dev` under `root`. */
function inspectorPort(root: number): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }));
  const mine = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows)
      if (mine.has(row.ppid) && !mine.has(row.pid)) {
        mine.add(row.pid);
        grew = true;
      }
  }
  for (const row of rows) {
    const match = /--inspector-port (\d+)/.exec(row.args);
    if (mine.has(row.pid) && match) return Number(match[1]);
  }
  throw new Error('no wrangler dev with --inspector-port under this process');
}

export interface CpuProfiler {
  stop(): Promise<Profile>;
}

export async function startCpuProfile(intervalUs = 200): Promise<CpuProfiler> {
  const port = inspectorPort(process.pid);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('the inspector lists no target');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: intervalUs });
  await send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await send('Profiler.stop')) as { profile: Profile };
      socket.close();
      return profile;
    },
  };
}

/** Module path per bundle line, from the `// path` markers esbuild writes. */
let keepBundleAs: string | undefined;

async function moduleIndex(url: string): Promise<(line: number) => string> {
  const path = url.startsWith('file:') ? fileURLToPath(url) : await bundlePath(url);
  let lines: string[];
  try {
    const text = await readFile(path, 'utf8');
    lines = text.split('\n');
    // Kept beside the profile: wrangler deletes its bundle when it stops.
    if (keepBundleAs) await writeFile(keepBundleAs, text);
  } catch {
    return () => url || '(native)';
  }
  const marks: Array<{ line: number; module: string }> = [];
  lines.forEach((text, line) => {
    const match = /^\/\/ (\S+\.(?:[cm]?js|ts))$/.exec(text);
    if (match) marks.push({ line, module: match[1]! });
  });
  return (line) => {
    let low = 0;
    let high = marks.length - 1;
    let found = '(bundle prelude)';
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (marks[mid]!.line <= line) {
        found = marks[mid]!.module;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  };
}

/** wrangler dev's bundle (a relative script URL): the newest under .wrangler/tmp. */
async function bundlePath(name: string): Promise<string> {
  const tmp = join(REPO_ROOT, '.wrangler/tmp');
  const dirs = await readdir(tmp).catch(() => [] as string[]);
  let newest = { path: name, at: 0 };
  for (const dir of dirs.filter((d) => d.startsWith('dev-'))) {
    const path = join(tmp, dir, name);
    const at = (await stat(path).catch(() => undefined))?.mtimeMs ?? 0;
    if (at > newest.at) newest = { path, at };
  }
  return newest.path;
}

/** Short names for the packages and our own folders. */
function layerOf(module: string): string {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (pkg) return pkg[1]!;
  const ours =
    /packages\/(\w+)\/src\/(?:(features|integrations|db|http|routes|middleware)\/)?(\w[\w-]*)?/.exec(
      module,
    );
  if (ours) return [ours[1], ours[2], ours[3]].filter(Boolean).join('/');
  return module;
}

/** Self time of a profile's samples, µs: in all, by layer and by function (with its layer). */
export interface SelfTime {
  total: number;
  byLayer: Map<string, number>;
  byFunction: Map<string, number>;
  /** The layer a frame's code belongs to (package or feature folder, or `(native)`). */
  layerOfFrame(frame: ProfileNode['callFrame']): Promise<string>;
}

export async function selfTime(profile: Profile): Promise<SelfTime> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const indexes = new Map<string, (line: number) => string>();
  const layerOfFrame = async (frame: ProfileNode['callFrame']) => {
    // V8's own entries are named in parentheses already: (idle), (program), (garbage collector).
    if (!frame.url) {
      const name = frame.functionName || 'native';
      return name.startsWith('(') ? name : `(${name})`;
    }
    if (!indexes.has(frame.url)) indexes.set(frame.url, await moduleIndex(frame.url));
    return layerOf(indexes.get(frame.url)!(frame.lineNumber));
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const byLayer = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const layer = await layerOfFrame(frame);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${layer}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    total += us;
  }
  return { total, byLayer, byFunction, layerOfFrame };
}

/**
 * Prints `PROFILE cpu_share_<layer> x %` (self time by package or feature folder) and
 * the top functions; writes the raw profile to `out` for DevTools.
 */
export async function summarize(
  profile: Profile,
  out: string,
  perBooking: number,
  inclusive: readonly string[] = [],
): Promise<void> {
  await writeFile(out, JSON.stringify(profile));
  keepBundleAs = `${out}.bundle.js`;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const within = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (inclusive.includes(name)) seen.add(name);
    }
    for (const name of seen)
      within.set(name, (within.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const { total, byLayer, byFunction, layerOfFrame } = await selfTime(profile);
  // Whose work it was: each sample charged to the innermost function of our own code
  // (packages/…) on its stack, whatever library did the work.
  const layerOfNode = (id: number) => layerOfFrame(byId.get(id)!.callFrame);
  const ownerCache = new Map<number, string>();
  const byOwner = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    let owner = ownerCache.get(id);
    if (owner === undefined) {
      owner = '(no code of ours on the stack)';
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const layer = await layerOfNode(at);
        if (layer.startsWith('api/') || layer.startsWith('shared/')) {
          owner = `${byId.get(at)!.callFrame.functionName || '(anonymous)'} ${layer}`;
          break;
        }
      }
      // V8's own entries ((idle), (program), (garbage collector)) by name.
      const frame = byId.get(id)!.callFrame;
      if (owner.startsWith('(no code') && !frame.url && frame.functionName.startsWith('(')) {
        owner = frame.functionName;
      }
      ownerCache.set(id, owner);
    }
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  for (const [owner, us] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(
      `PROFILE cpu_owner ${((us / total) * 100).toFixed(1)} % ${(us / 1000 / perBooking).toFixed(2)} ms/booking ${owner}`,
    );
  const busy = total - (byLayer.get('(idle)') ?? 0);
  console.log(`PROFILE cpu_busy_per_booking ${(busy / 1000 / perBooking).toFixed(2)} ms (sampled)`);
  for (const [layer, us] of [...byLayer].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(
      `PROFILE cpu_share ${((us / total) * 100).toFixed(1)} % ${(us / 1000 / perBooking).toFixed(2)} ms/booking ${layer}`,
    );
  for (const name of inclusive)
    console.log(
      `PROFILE cpu_within ${name} ${(((within.get(name) ?? 0) / total) * 100).toFixed(1)} % ${((within.get(name) ?? 0) / 1000 / perBooking).toFixed(2)} ms/booking`,
    );
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  self ${((us / total) * 100).toFixed(1)} % ${name}`);
}
