import { buildOpenApiDocument, problemSchema } from '@booksprintz/shared';
import { describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from './app.ts';

/**
 * What the app answers before it needs a database: routing, the problem+json shape,
 * body limits, key checks, CORS on the document. `app.request()` runs the real Hono
 * app in-process; anything that reads or writes data is tested against the real stack
 * in tests/workerd-postgres.
 */
const app = createApp();
const API = 'http://127.0.0.1/api/booking/v1';
// Nothing here may reach Postgres: an unreachable address makes any attempt fail loudly.
const env = {
  ENVIRONMENT: 'production',
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  PLATFORM_API_KEY: 'platform-secret',
} as unknown as Env;

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = problemSchema.parse(await response.json());
  expect(body.status).toBe(response.status);
  expect(body.request_id).toBe(response.headers.get('x-request-id'));
  return body;
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  app.request(
    `${API}${path}`,
    { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } },
    env,
  );

describe('routing and errors', () => {
  it('answers an unknown route with a 404 problem naming it', async () => {
    const response = await app.request('http://127.0.0.1/no-such-page', { method: 'PUT' }, env);
    expect(response.status).toBe(404);
    const body = await problem(response);
    expect(body).toMatchObject({ code: 'not_found', instance: '/no-such-page' });
    expect(body.detail).toBe('No route for PUT /no-such-page.');
  });

  it('gives every problem the request id the client sent, in the body and the header', async () => {
    const response = await app.request(
      'http://127.0.0.1/no-such-page',
      { headers: { 'x-request-id': 'trace-42' } },
      env,
    );
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect((await problem(response)).request_id).toBe('trace-42');
  });

  it('answers an impossible tenant slug with 404 without asking the database, readable cross-origin', async () => {
    const response = await app.request(
      `${API}/x/services`,
      { headers: { origin: 'https://shop.example' } },
      env,
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect((await problem(response)).code).toBe('not_found');
  });

  it('refuses a body over the limit with 413 before reading it', async () => {
    const response = await post('/signup', JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(response.status).toBe(413);
    expect((await problem(response)).code).toBe('payload_too_large');
  });

  it('answers malformed JSON with 400 validation_failed', async () => {
    const response = await post('/signup', '{"name": ');
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body).toMatchObject({ code: 'validation_failed' });
    expect(body.errors).toEqual([{ path: '(root)', message: 'malformed JSON' }]);
  });

  it('answers a non-JSON body with 415', async () => {
    const response = await post('/signup', 'name=x', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect((await problem(response)).code).toBe('unsupported_media_type');
  });

  it('lists every invalid field with its path', async () => {
    const response = await post('/signup', JSON.stringify({ email: 'not-an-email' }));
    expect(response.status).toBe(400);
    const body = await problem(response);
    const paths = body.errors?.map((error) => error.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
  });
});

describe('keys', () => {
  it('asks for a key on admin routes (401 with WWW-Authenticate)', async () => {
    const response = await app.request(
      `${API}/tenants/00000000-0000-4000-8000-000000000000/staff`,
      {},
      env,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await problem(response)).code).toBe('unauthorized');
  });

  it('refuses a token that is not an API key without looking it up', async () => {
    const response = await app.request(
      `${API}/tenants/00000000-0000-4000-8000-000000000000/staff`,
      { headers: { authorization: 'Bearer not-a-key' } },
      env,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('creates tenants only with the platform key', async () => {
    const response = await post('/tenants', '{}', { authorization: 'Bearer guess' });
    expect(response.status).toBe(401);
    expect((await problem(response)).detail).toContain('platform key');
  });

  it('hides the development routes outside development', async () => {
    const response = await app.request(`${API}/dev/deliver`, { method: 'POST' }, env);
    expect(response.status).toBe(404);
  });
});

describe('GET /openapi.json', () => {
  it('serves the generated document to any origin', async () => {
    const response = await app.request(
      `${API}/openapi.json`,
      { headers: { origin: 'https://integrator.example' } },
      env,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual(buildOpenApiDocument());
  });
});
