import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, locationBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
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

async function primaries(tenant: TenantRef): Promise<string[]> {
  const list = await api.get<{ data: Array<{ id: string; is_primary: boolean }> }>(
    `/tenants/${tenant.id}/locations`,
    tenant.key,
  );
  return list.body.data.filter((l) => l.is_primary).map((l) => l.id);
}

describe('locations', () => {
  it("creates a location in the business's zone unless told otherwise", async () => {
    const tenant = await createTenant(api, { timezone: 'Europe/Lisbon' });
    const plain = await createVia(api, tenant, 'locations', locationBody());
    expect(plain).toMatchObject({ timezone: 'Europe/Lisbon', country: 'US', is_primary: false });
    const tokyo = await createVia(
      api,
      tenant,
      'locations',
      locationBody({ timezone: 'Asia/Tokyo', latitude: 35.6812, longitude: 139.7671 }),
    );
    expect(tokyo).toMatchObject({ timezone: 'Asia/Tokyo', latitude: 35.6812, longitude: 139.7671 });
    const read = await api.get(`/tenants/${tenant.id}/locations/${tokyo.id}`, tenant.key);
    expect(read.body).toEqual(tokyo);
    const updated = await api.put(
      `/tenants/${tenant.id}/locations/${tokyo.id}`,
      { phone: '+81 3 1234 5678' },
      tenant.key,
    );
    expect(updated.body).toMatchObject({ phone: '+81 3 1234 5678', timezone: 'Asia/Tokyo' });
  });

  it('keeps exactly one primary location: a new primary demotes the old one', async () => {
    const tenant = await createTenant(api);
    const a = await createVia(api, tenant, 'locations', locationBody({ is_primary: true }));
    expect(await primaries(tenant)).toEqual([a.id]);
    const b = await createVia(api, tenant, 'locations', locationBody({ is_primary: true }));
    expect(await primaries(tenant)).toEqual([b.id]);
    const promoted = await api.put(
      `/tenants/${tenant.id}/locations/${a.id}`,
      { is_primary: true },
      tenant.key,
    );
    expect(promoted.body).toMatchObject({ is_primary: true });
    expect(await primaries(tenant)).toEqual([a.id]);
    // Archiving the primary leaves none rather than an archived primary.
    expect((await api.delete(`/tenants/${tenant.id}/locations/${a.id}`, tenant.key)).status).toBe(
      204,
    );
    expect(await primaries(tenant)).toEqual([]);
    const archived = await api.get(`/tenants/${tenant.id}/locations/${a.id}`, tenant.key);
    expect(archived.body).toMatchObject({ status: 'archived', is_primary: false });
    expectProblem(
      await api.post(
        `/tenants/${tenant.id}/locations`,
        locationBody({ is_primary: true, status: 'archived' }),
        tenant.key,
      ),
      400,
      'validation_failed',
    );
  });

  it('enforces max_locations with a 403, archived locations not counting', async () => {
    const tenant = await createTenant(api, { plan_tier: 'professional' });
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(await createVia(api, tenant, 'locations', locationBody()));
    const problem = expectProblem(
      await api.post(`/tenants/${tenant.id}/locations`, locationBody(), tenant.key),
      403,
      'forbidden',
    );
    expect(problem.detail).toMatch(/professional plan allows 3 locations/);
    await api.delete(`/tenants/${tenant.id}/locations/${made[1]!.id}`, tenant.key);
    await createVia(api, tenant, 'locations', locationBody());
    expectProblem(
      await api.put(
        `/tenants/${tenant.id}/locations/${made[1]!.id}`,
        { status: 'active' },
        tenant.key,
      ),
      403,
      'forbidden',
    );
  });

  it.each([
    ['an unknown zone', { timezone: 'Mars/Base' }, 'timezone'],
    ['a latitude off the globe', { latitude: 91 }, 'latitude'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['an unknown field', { floor: 3 }, '(root)'],
  ])('rejects %s naming the field', async (_name, overrides, field) => {
    const tenant = await createTenant(api);
    const problem = expectProblem(
      await api.post(`/tenants/${tenant.id}/locations`, locationBody(overrides), tenant.key),
      400,
      'validation_failed',
    );
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  });
});
