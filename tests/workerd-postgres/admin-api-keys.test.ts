import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createVia } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { connectDb } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

type KeyRecord = {
  id: string;
  name: string;
  role: string;
  key_prefix: string;
  revoked_at: string | null;
};

describe('api keys', () => {
  it('shows a new key once, stores only its hash and lists keys without secrets', async () => {
    const tenant = await createTenant(api);
    const created = await api.post<{ api_key: string; key: KeyRecord }>(
      `/tenants/${tenant.id}/api-keys`,
      { name: 'Zapier' },
      tenant.key,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.api_key).toMatch(/^bsk_[\w-]{32}$/);
    expect(created.body.key).toMatchObject({
      name: 'Zapier',
      role: 'admin',
      staff_id: null,
      revoked_at: null,
      key_prefix: created.body.api_key.slice(0, 12),
    });
    // The new key works.
    expect((await api.get(`/tenants/${tenant.id}`, created.body.api_key)).status).toBe(200);

    const list = await api.get<{ data: KeyRecord[] }>(`/tenants/${tenant.id}/api-keys`, tenant.key);
    expect(list.body.data.map((k) => k.role)).toEqual(['owner', 'admin']);
    const listed = JSON.stringify(list.body);
    expect(listed).not.toContain(created.body.api_key);
    expect(listed).not.toContain(tenant.key);
    expect(listed).not.toContain('key_hash');
    const stored = await db.query('SELECT * FROM booking_api_keys WHERE tenant_id = $1', [
      tenant.id,
    ]);
    expect(JSON.stringify(stored.rows)).not.toContain(created.body.api_key);
  });

  it('revokes a key so that its very next request is refused', async () => {
    const tenant = await createTenant(api);
    const { key, id } = await createKey(api, tenant, { role: 'admin' });
    expect((await api.get(`/tenants/${tenant.id}/services`, key)).status).toBe(200);
    expect((await api.delete(`/tenants/${tenant.id}/api-keys/${id}`, tenant.key)).status).toBe(204);
    expectProblem(await api.get(`/tenants/${tenant.id}/services`, key), 401, 'unauthorized');
    const list = await api.get<{ data: KeyRecord[] }>(`/tenants/${tenant.id}/api-keys`, tenant.key);
    expect(list.body.data.find((k) => k.id === id)?.revoked_at).toMatch(/Z$/);
    // Revoking again changes nothing.
    expect((await api.delete(`/tenants/${tenant.id}/api-keys/${id}`, tenant.key)).status).toBe(204);
  });

  it('lets only owner keys create or revoke owner keys', async () => {
    const tenant = await createTenant(api);
    const admin = await createKey(api, tenant, { role: 'admin' });
    expectProblem(
      await api.post(`/tenants/${tenant.id}/api-keys`, { name: 'Boss', role: 'owner' }, admin.key),
      403,
      'forbidden',
    );
    const owner2 = await createKey(api, tenant, { role: 'owner' });
    expectProblem(
      await api.delete(`/tenants/${tenant.id}/api-keys/${owner2.id}`, admin.key),
      403,
      'forbidden',
    );
    // An admin may manage admin keys.
    const other = await createKey(api, tenant, { role: 'admin' }, admin.key);
    expect((await api.delete(`/tenants/${tenant.id}/api-keys/${other.id}`, admin.key)).status).toBe(
      204,
    );
  });

  it('refuses to revoke the last live owner key (the business would be locked out)', async () => {
    const tenant = await createTenant(api);
    const list = await api.get<{ data: KeyRecord[] }>(`/tenants/${tenant.id}/api-keys`, tenant.key);
    const ownerId = list.body.data[0]!.id;
    expectProblem(
      await api.delete(`/tenants/${tenant.id}/api-keys/${ownerId}`, tenant.key),
      409,
      'conflict',
    );
    const second = await createKey(api, tenant, { role: 'owner' });
    expect((await api.delete(`/tenants/${tenant.id}/api-keys/${ownerId}`, second.key)).status).toBe(
      204,
    );
    expectProblem(await api.get(`/tenants/${tenant.id}`, tenant.key), 401, 'unauthorized');
  });

  it('ties staff keys to a staff member of this tenant', async () => {
    const tenant = await createTenant(api);
    const other = await createTenant(api);
    const theirs = await createVia(api, other, 'staff', { name: 'Theirs' });
    const ours = await createVia(api, tenant, 'staff', { name: 'Ours' });
    const missing = expectProblem(
      await api.post(`/tenants/${tenant.id}/api-keys`, { name: 'S', role: 'staff' }, tenant.key),
      400,
      'validation_failed',
    );
    expect(missing.errors?.[0]?.path).toBe('staff_id');
    const foreign = expectProblem(
      await api.post(
        `/tenants/${tenant.id}/api-keys`,
        { name: 'S', role: 'staff', staff_id: theirs.id },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    expect(foreign.errors?.[0]?.path).toBe('staff_id');
    expectProblem(
      await api.post(
        `/tenants/${tenant.id}/api-keys`,
        { name: 'A', role: 'admin', staff_id: ours.id },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    const staff = await createKey(api, tenant, { role: 'staff', staff_id: ours.id });
    // A staff key cannot manage keys at all, not even list them.
    expectProblem(await api.get(`/tenants/${tenant.id}/api-keys`, staff.key), 403, 'forbidden');
    expectProblem(
      await api.post(`/tenants/${tenant.id}/api-keys`, { name: 'X' }, staff.key),
      403,
      'forbidden',
    );
    expectProblem(
      await api.delete(`/tenants/${tenant.id}/api-keys/${staff.id}`, staff.key),
      403,
      'forbidden',
    );
  });
});
