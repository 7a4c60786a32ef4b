import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  apiClient,
  createTenant,
  expectProblem,
  newTenantBody,
  PLATFORM_KEY,
} from '../support/api.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
});

afterAll(async () => {
  await stack?.destroy();
});

describe('POST /tenants (platform key)', () => {
  it('creates a tenant with its plan limits and a one-time owner key', async () => {
    const body = newTenantBody({ plan_tier: 'starter' });
    const response = await api.post<{ tenant: Record<string, unknown>; api_key: string }>(
      '/tenants',
      body,
      PLATFORM_KEY,
    );
    expect(response.status).toBe(201);
    expect(response.body.api_key).toMatch(/^bsk_[\w-]{32}$/);
    expect(response.body.tenant).toMatchObject({
      subdomain: body.subdomain,
      mode: 'integrated',
      plan_tier: 'starter',
      max_staff: 2,
      max_locations: 1,
      timezone: 'America/New_York',
    });
    expect(response.body.tenant).not.toHaveProperty('key_hash');
    const tenantId = response.body.tenant.id as string;
    const own = await api.get(`/tenants/${tenantId}`, response.body.api_key);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: tenantId, business_name: body.business_name });
  });

  it('stores only a hash of the key', async () => {
    const { id, key } = await createTenant(api);
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const rows = await client.query('SELECT * FROM booking_api_keys WHERE tenant_id = $1', [id]);
    await client.end();
    expect(rows.rowCount).toBe(1);
    expect(JSON.stringify(rows.rows)).not.toContain(key);
  });

  it('refuses a missing or wrong platform key', async () => {
    expectProblem(await api.post('/tenants', newTenantBody()), 401, 'unauthorized');
    expectProblem(await api.post('/tenants', newTenantBody(), 'wrong'), 401, 'unauthorized');
    const { key } = await createTenant(api);
    expectProblem(await api.post('/tenants', newTenantBody(), key), 401, 'unauthorized');
  });

  it.each([
    ['reserved', { subdomain: 'admin' }],
    ['reserved demo', { subdomain: 'demo' }],
    ['bad format', { subdomain: 'Bad_Name' }],
    ['too short', { subdomain: 'ab' }],
    ['invalid zone', { timezone: 'Mars/Olympus' }],
    ['invalid currency', { currency: 'dollars' }],
    ['unknown field', { shoe_size: 44 }],
    ['bad plan', { plan_tier: 'platinum' }],
  ])('rejects %s with 400 validation_failed', async (_name, overrides) => {
    const problem = expectProblem(
      await api.post('/tenants', newTenantBody(overrides), PLATFORM_KEY),
      400,
      'validation_failed',
    );
    expect(problem.errors?.length).toBeGreaterThan(0);
  });

  it('refuses a taken subdomain with 409 conflict', async () => {
    const { slug } = await createTenant(api);
    expectProblem(
      await api.post('/tenants', newTenantBody({ subdomain: slug }), PLATFORM_KEY),
      409,
      'conflict',
    );
  });
});

describe('POST /signup', () => {
  it('creates a standalone free tenant, hashing the password with PBKDF2', async () => {
    const body = { ...newTenantBody(), password: 'correct horse battery' } as Record<
      string,
      unknown
    >;
    delete body.mode;
    delete body.plan_tier;
    const response = await api.post<{ tenant: Record<string, unknown>; api_key: string }>(
      '/signup',
      body,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.tenant).toMatchObject({
      mode: 'standalone',
      plan_tier: 'free',
      max_staff: 1,
    });
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const users = await client.query(
      `SELECT u.password_hash FROM booking_users u
         JOIN booking_tenant_users m ON m.user_id = u.id WHERE m.tenant_id = $1`,
      [response.body.tenant.id],
    );
    await client.end();
    expect(users.rows[0]?.password_hash).toMatch(/^pbkdf2-sha256\$6x100000\$[\w-]{22}\$[\w-]{43}$/);
  });

  it('rejects a short password', async () => {
    const body = { ...newTenantBody(), password: 'short' } as Record<string, unknown>;
    delete body.mode;
    delete body.plan_tier;
    expectProblem(await api.post('/signup', body), 400, 'validation_failed');
  });
});

describe('the tenant itself', () => {
  it('updates settings and ignores nothing silently', async () => {
    const { id, key } = await createTenant(api);
    const updated = await api.put(
      `/tenants/${id}`,
      { primary_color: '#112233', hold_minutes: 15 },
      key,
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ primary_color: '#112233', hold_minutes: 15 });
    expectProblem(
      await api.put(`/tenants/${id}`, { plan_tier: 'enterprise' }, key),
      400,
      'validation_failed',
    );
    expectProblem(await api.put(`/tenants/${id}`, {}, key), 400, 'validation_failed');
  });

  it("answers another tenant's key with 404", async () => {
    const a = await createTenant(api);
    const b = await createTenant(api);
    expectProblem(await api.get(`/tenants/${a.id}`, b.key), 404, 'not_found');
    expectProblem(await api.put(`/tenants/${a.id}`, { hold_minutes: 5 }, b.key), 404, 'not_found');
    expectProblem(await api.delete(`/tenants/${a.id}`, b.key), 404, 'not_found');
  });

  it('answers no key and a malformed key with 401', async () => {
    const { id } = await createTenant(api);
    expectProblem(await api.get(`/tenants/${id}`), 401, 'unauthorized');
    expectProblem(
      await api.get(`/tenants/${id}`, 'bsk_notarealkeyatallnotreal'),
      401,
      'unauthorized',
    );
  });

  it('deletes the tenant and every row it owns', async () => {
    const { id, key } = await createTenant(api);
    expect((await api.post(`/tenants/${id}/staff`, { name: 'Ana' }, key)).status).toBe(201);
    const deleted = await api.delete(`/tenants/${id}`, key);
    expect(deleted.status).toBe(204);
    expectProblem(await api.get(`/tenants/${id}`, key), 401, 'unauthorized');
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' AND table_schema = 'public'`,
    );
    for (const { table_name } of tables.rows) {
      const rows = await client.query(
        `SELECT count(*)::int AS n FROM ${table_name} WHERE tenant_id = $1`,
        [id],
      );
      expect(rows.rows[0].n, table_name).toBe(0);
    }
    await client.end();
  });
});

describe('staff', () => {
  it('creates, lists, reads, updates and archives staff', async () => {
    const { id, key } = await createTenant(api);
    const created = await api.post<{ id: string }>(
      `/tenants/${id}/staff`,
      {
        name: 'Ana Lopez',
        email: 'ANA@example.com',
        timezone: 'Europe/Madrid',
        buffer_time_after: 10,
      },
      key,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Ana Lopez',
      email: 'ana@example.com',
      role: 'staff',
      status: 'active',
    });
    const staffId = created.body.id;
    const list = await api.get<{ data: Array<{ id: string }> }>(`/tenants/${id}/staff`, key);
    expect(list.body.data.map((s) => s.id)).toEqual([staffId]);
    const updated = await api.put(`/tenants/${id}/staff/${staffId}`, { title: 'Colorist' }, key);
    expect(updated.body).toMatchObject({ title: 'Colorist', name: 'Ana Lopez' });
    expect((await api.delete(`/tenants/${id}/staff/${staffId}`, key)).status).toBe(204);
    expect((await api.get<{ data: unknown[] }>(`/tenants/${id}/staff`, key)).body.data).toEqual([]);
  });

  it('enforces the plan limit with a 403 problem', async () => {
    const { id, key } = await createTenant(api, { plan_tier: 'free' });
    expect((await api.post(`/tenants/${id}/staff`, { name: 'One' }, key)).status).toBe(201);
    const problem = expectProblem(
      await api.post(`/tenants/${id}/staff`, { name: 'Two' }, key),
      403,
      'forbidden',
    );
    expect(problem.detail).toMatch(/free plan allows 1 staff/);
  });

  it("refuses another tenant's location ids and unknown ids", async () => {
    const { id, key } = await createTenant(api);
    const problem = expectProblem(
      await api.post(
        `/tenants/${id}/staff`,
        { name: 'X', location_ids: [crypto.randomUUID()] },
        key,
      ),
      400,
      'validation_failed',
    );
    expect(problem.errors?.[0]?.path).toBe('location_ids');
    expectProblem(
      await api.get(`/tenants/${id}/staff/${crypto.randomUUID()}`, key),
      404,
      'not_found',
    );
    expectProblem(await api.get(`/tenants/${id}/staff/not-a-uuid`, key), 404, 'not_found');
  });
});
