/**
 * The benches' JSON client: node:http on kept connections, as the read load in
 * api.bench.ts (and wrk or autocannon) sends its requests. Two reasons it is not `fetch`:
 *   - undici's `fetch` cost this process ~0.7 ms of CPU per booking (web streams, the
 *     `DOMException` it builds per request, its wasm HTTP parser), on the same two cores
 *     as the stack it measures;
 *   - `fetch` asks for `gzip, deflate, br`, and wrangler dev's entry worker (Miniflare)
 *     then compresses every JSON answer inside workerd, as Cloudflare's edge does outside
 *     the Worker in production. This client asks for no encoding, like the read load, so
 *     the figures hold the Worker's own work and the same for every route.
 */
import { Agent, request } from 'node:http';

export interface JsonAnswer {
  status: number;
  json: Record<string, unknown> | null;
  /** From sending to the answer's last byte. */
  ms: number;
}

export function jsonClient(base: string) {
  const agent = new Agent({ keepAlive: true });
  function call(method: string, path: string, body?: unknown, key?: string) {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = performance.now();
    return new Promise<JsonAnswer>((resolve, reject) => {
      const outgoing = request(
        `${base}${path}`,
        {
          method,
          agent,
          headers: {
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': payload.length }
              : {}),
            ...(key ? { authorization: `Bearer ${key}` } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            let json: Record<string, unknown> | null = null;
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              json = null;
            }
            resolve({ status: response.statusCode ?? 0, json, ms: performance.now() - started });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }
  return { call, close: () => agent.destroy() };
}
