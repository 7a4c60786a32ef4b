import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@booksprintz/dev-stack';

export const RADICALE = process.env.RADICALE_PATH || '/usr/bin/radicale';

/**
 * Whether the Debian `radicale` package is here. Under CI it must be (`.ci/run`
 * installs it), so a missing one fails the suite; elsewhere the suite skips, loudly.
 */
export function radicaleAvailable(suite: string): boolean {
  const found = spawnSync(RADICALE, ['--version'], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  const message = `${suite}: ${RADICALE} not found (apt-get install -y radicale)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI must install it`);
  console.warn(`\n*** SKIPPING ${message} ***\n`);
  return false;
}

export interface Radicale {
  /** Origin, e.g. http://127.0.0.1:5232 */
  url: string;
  username: string;
  password: string;
  /** `MKCALENDAR` of `/<user>/<name>/`; returns its URL. */
  makeCalendar(name: string, displayName: string): Promise<string>;
  /** `PUT`s one iCalendar object into a calendar URL. */
  putEvent(calendarUrl: string, file: string, ics: string): Promise<void>;
  deleteEvent(calendarUrl: string, file: string): Promise<void>;
  /** The `.ics` object URLs in a calendar (PROPFIND depth 1). */
  listEvents(calendarUrl: string): Promise<string[]>;
  /** An object's text, or null when there is none. */
  getEvent(objectUrl: string): Promise<string | null>;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** A real Radicale on a free loopback port, with a temp storage dir and one plain-htpasswd user. */
export async function startRadicale(): Promise<Radicale> {
  const dir = await mkdtemp(join(tmpdir(), 'booksprintz-radicale-'));
  const port = await freePort();
  const username = 'ana';
  const password = 'radicale-secret-1';
  await writeFile(join(dir, 'users'), `${username}:${password}\n`);
  await writeFile(
    join(dir, 'config'),
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(dir, 'users')}`,
      'htpasswd_encryption = plain',
      'delay = 0',
      '[storage]',
      `filesystem_folder = ${join(dir, 'collections')}`,
      '[logging]',
      'level = warning',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const output: string[] = [];
    child = spawn(RADICALE, ['--config', join(dir, 'config')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    for (let attempt = 0; attempt < 300; attempt++) {
      if (child.exitCode !== null) throw new Error(`radicale exited: ${output.join('')}`);
      try {
        const response = await fetch(`${url}/${username}/`, {
          method: 'PROPFIND',
          headers: { authorization: auth, depth: '0' },
        });
        await response.body?.cancel();
        if (response.status === 207) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`radicale did not start: ${output.join('')}`);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await start();

  const send = async (method: string, target: string, body?: string, type?: string) => {
    const response = await fetch(target, {
      method,
      headers: { authorization: auth, ...(type ? { 'content-type': type } : {}) },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${target}: ${response.status} ${text}`);
  };
  return {
    url,
    username,
    password,
    makeCalendar: async (name, displayName) => {
      const target = `${url}/${username}/${name}/`;
      await send(
        'MKCALENDAR',
        target,
        `<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${displayName}</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`,
        'application/xml',
      );
      return target;
    },
    putEvent: (calendarUrl, file, ics) =>
      send('PUT', `${calendarUrl}${file}`, ics, 'text/calendar; charset=utf-8'),
    deleteEvent: (calendarUrl, file) => send('DELETE', `${calendarUrl}${file}`),
    listEvents: async (calendarUrl) => {
      const response = await fetch(calendarUrl, {
        method: 'PROPFIND',
        headers: { authorization: auth, depth: '1', 'content-type': 'application/xml' },
        body: '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>',
      });
      const text = await response.text();
      return [...text.matchAll(/<[^>]*href>([^<]+\.ics)<\/[^>]*href>/g)].map(
        (match) => new URL(match[1]!, url).href,
      );
    },
    getEvent: async (objectUrl) => {
      const response = await fetch(objectUrl, { headers: { authorization: auth } });
      const text = await response.text();
      return response.status === 404 ? null : text;
    },
    stop,
    start,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A pass-through proxy in front of Radicale that counts requests by method. */
export async function countingProxy(target: string): Promise<{
  url: string;
  counts: Map<string, number>;
  close(): void;
}> {
  const { createServer } = await import('node:http');
  const counts = new Map<string, number>();
  const proxy = createServer(async (request, response) => {
    const method = request.method ?? 'GET';
    counts.set(method, (counts.get(method) ?? 0) + 1);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length')
        headers[name] = value;
    const upstream = await fetch(`${target}${request.url}`, {
      method,
      headers,
      redirect: 'manual',
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!['content-encoding', 'transfer-encoding', 'content-length'].includes(name))
        out[name] = value;
    });
    response.writeHead(upstream.status, out);
    response.end(body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    counts,
    close: () => {
      proxy.closeAllConnections();
      proxy.close();
    },
  };
}
