/**
 * `pnpm --filter @booksprintz/widget demo`: the built widget and demo pages on
 * http://127.0.0.1:4173 (PORT overrides) with an in-memory stand-in for the booking API
 * (test/fake-api.ts, the same fake the component tests use), for working on the widget
 * without the Worker and Postgres. `pnpm dev` at the root serves the real thing.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { FakeApi, ID } from '../test/fake-api.ts';

const dist = resolve(import.meta.dirname, '../dist');
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

export function startDemoServer(
  port: number,
  host = '127.0.0.1',
): Promise<{ url: string; close(): void }> {
  const api = demoBusiness(new FakeApi());
  const server = createServer((req, res) => {
    handle(api, req, res).catch((error) => {
      res.writeHead(500).end(String(error));
    });
  });
  return new Promise((resolveStart) => {
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolveStart({ url: `http://${host}:${actual}`, close: () => server.close() });
    });
  });
}

/**
 * The fake, dressed as the seeded demo business (packages/api/local/seed.ts) so the demo
 * page's words match what the widget lists: haircut and color with either stylist, the
 * massage with Sam only, the salon's brand colour.
 */
function demoBusiness(api: FakeApi): FakeApi {
  const [haircut, color] = api.services;
  api.services = [
    haircut!,
    { ...color!, name: 'Color', description: 'Full color with toner.' },
    {
      ...haircut!,
      id: '5e000000-0000-4000-8000-00000000c005',
      slug: 'massage',
      name: 'Massage',
      description: 'Sixty minutes of relaxation or deep tissue.',
      duration_minutes: 60,
      price_cents: 8000,
      available_with_staff: [ID.sam],
      display_order: 2,
    },
  ];
  api.staff[1]!.title = 'Stylist & Massage Therapist';
  api.profile.primary_color = '#9d174d';
  return api;
}

async function handle(api: FakeApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  if (url.pathname.startsWith('/api/booking/v1/')) {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST, DELETE',
      'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
      Vary: 'Origin',
    };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    // The fake serves tenant "demo" at https://api.test; map the path onto it.
    const target = `https://api.test${url.pathname.replace(/^\/api\/booking\/v1\/[^/]+/, '/api/booking/v1/demo')}${url.search}`;
    const body =
      req.method === 'GET' || req.method === 'DELETE'
        ? undefined
        : (Readable.toWeb(req) as ReadableStream);
    const request = new Request(target, {
      method: req.method,
      headers: req.headers as HeadersInit,
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await api.respond(request);
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...cors });
    return void res.end(Buffer.from(await response.arrayBuffer()));
  }
  let path = normalize(join(dist, decodeURIComponent(url.pathname)));
  if (!path.startsWith(dist)) return void res.writeHead(403).end();
  if (existsSync(path) && statSync(path).isDirectory()) {
    // /demo → /demo/ (as Cloudflare's assets do), so relative links resolve.
    if (!url.pathname.endsWith('/'))
      return void res.writeHead(308, { Location: `${url.pathname}/` }).end();
    path = join(path, 'index.html');
  }
  if (!existsSync(path)) return void res.writeHead(404).end('not found');
  res.writeHead(200, {
    'Content-Type': types[extname(path)] ?? 'application/octet-stream',
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'no-cache',
  });
  createReadStream(path).pipe(res);
}

if (import.meta.main) {
  if (!existsSync(join(dist, 'widget'))) {
    console.error('dist/ is missing: run `pnpm build` first.');
    process.exit(1);
  }
  const server = await startDemoServer(Number(process.env.PORT ?? 4173));
  console.log(
    `Widget demo (fake API): ${server.url}/demo/  ·  other origin: ${server.url.replace('127.0.0.1', 'localhost')}/demo/other-origin.html`,
  );
}
