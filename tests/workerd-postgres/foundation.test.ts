import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.destroy();
});

const api = (path: string, init?: RequestInit) => fetch(`${stack.url}/api/booking/v1${path}`, init);

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, code });
  expect(problem.type).toEqual(expect.any(String));
  expect(problem.title).toEqual(expect.any(String));
  expect(problem.detail).toEqual(expect.any(String));
  return problem;
}

describe('the Worker in workerd against Postgres', () => {
  it('reports a healthy database', async () => {
    const response = await api('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/\S+/);
  });

  it('serves the seeded demo profile', async () => {
    const response = await api('/demo');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      business_name: 'Demo Salon',
      timezone: 'America/New_York',
      currency: 'USD',
      locale: 'en',
      logo_url: null,
      primary_color: expect.stringMatching(/^#[0-9A-Fa-f]{6}$/),
      booking_page_settings: expect.any(Object),
      origin_allowed: true,
    });
  });

  it('answers an unknown tenant with a 404 problem', async () => {
    const problem = await expectProblem(await api('/no-such-salon'), 404, 'not_found');
    expect(problem.instance).toBe('/api/booking/v1/no-such-salon');
    expect(problem.request_id).toEqual(expect.any(String));
  });

  it.each([
    ['upper case', '/Demo'],
    ['too short', '/ab'],
    ['leading hyphen', '/-demo'],
    ['encoded quote', "/demo'%20OR%201=1"],
  ])('answers a malformed tenant slug (%s) with 404, not 500', async (_name, path) => {
    await expectProblem(await api(path), 404, 'not_found');
  });

  it('answers unknown routes with a 404 problem', async () => {
    await expectProblem(await api('/demo/no/such/route'), 404, 'not_found');
    await expectProblem(await fetch(`${stack.url}/nowhere`), 404, 'not_found');
  });

  it('refuses oversized bodies with 413 payload_too_large', async () => {
    const response = await api('/demo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(70 * 1024) }),
    });
    await expectProblem(response, 413, 'payload_too_large');
  });

  it('closes its database connection after every request', async () => {
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    // What Postgres still has once the Worker is done is the bridge's pool (as Neon's
    // pooler would keep them): idle sessions, none inside a transaction.
    const otherBackends = async () => {
      const result = await client.query<{ count: string; busy: string }>(
        `SELECT count(*), count(*) FILTER (WHERE state <> 'idle') AS busy FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      return { open: Number(result.rows[0]?.count), busy: Number(result.rows[0]?.busy) };
    };
    const settled = async () =>
      stack.bridge?.openConnections() === 0 &&
      (await otherBackends()).open === (stack.bridge?.pooledConnections() ?? 0);
    try {
      await Promise.all(
        Array.from({ length: 20 }, () => api('/demo').then((r) => r.arrayBuffer())),
      );
      for (let attempt = 0; attempt < 40 && !(await settled()); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(stack.bridge?.openConnections()).toBe(0);
      const backends = await otherBackends();
      expect(backends.open).toBe(stack.bridge?.pooledConnections() ?? 0);
      expect(backends.busy).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('serves the OpenAPI 3.1 document generated from the shared schemas', async () => {
    const response = await api('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/{tenant}/availability');
  });

  it('serves the demo page', async () => {
    const response = await fetch(`${stack.url}/demo`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('Demo Salon');
  });
});
