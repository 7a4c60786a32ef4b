import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, locationBody, serviceBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { connectDb } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let tenant: TenantRef;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  tenant = await createTenant(api, { currency: 'EUR' });
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

const path = (suffix = '') => `/tenants/${tenant.id}/services${suffix}`;

describe('services', () => {
  it('creates a service with the contract defaults and the business currency', async () => {
    const body = serviceBody({ description: 'Wash and cut' });
    const created = await createVia(api, tenant, 'services', body);
    expect(created).toMatchObject({
      ...body,
      currency: 'EUR',
      deposit_required: false,
      booking_type: 'individual',
      max_capacity: 1,
      available_with_staff: [],
      available_at_locations: [],
      slot_interval_minutes: null,
      status: 'active',
    });
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const read = await api.get(path(`/${created.id}`), tenant.key);
    expect(read.body).toEqual(created);
  });

  it('lists services in display order and leaves archived ones out', async () => {
    const own = await createTenant(api);
    const make = (display_order: number) =>
      createVia(api, own, 'services', serviceBody({ display_order }));
    const third = await make(3);
    const first = await make(1);
    const second = await make(2);
    const list = await api.get<{ data: Array<{ id: string }> }>(
      `/tenants/${own.id}/services`,
      own.key,
    );
    expect(list.body.data.map((s) => s.id)).toEqual([first.id, second.id, third.id]);
    expect((await api.delete(`/tenants/${own.id}/services/${second.id}`, own.key)).status).toBe(
      204,
    );
    const after = await api.get<{ data: Array<{ id: string }> }>(
      `/tenants/${own.id}/services`,
      own.key,
    );
    expect(after.body.data.map((s) => s.id)).toEqual([first.id, third.id]);
    // Archived, not deleted: the service still answers by id.
    const archived = await api.get(`/tenants/${own.id}/services/${second.id}`, own.key);
    expect(archived.body).toMatchObject({ status: 'archived' });
  });

  it('refuses a slug taken in the same tenant with 409, but not in another tenant', async () => {
    const body = serviceBody();
    await createVia(api, tenant, 'services', body);
    const problem = expectProblem(
      await api.post(path(), serviceBody({ slug: body.slug }), tenant.key),
      409,
      'conflict',
    );
    expect(problem.errors?.[0]?.path).toBe('slug');
    const other = await createTenant(api);
    await createVia(api, other, 'services', serviceBody({ slug: body.slug }));
    // Renaming onto a taken slug is a conflict too.
    const second = await createVia(api, tenant, 'services', serviceBody());
    expectProblem(
      await api.put(path(`/${second.id}`), { slug: body.slug }, tenant.key),
      409,
      'conflict',
    );
  });

  it("refuses staff and locations that are not this tenant's, naming the field", async () => {
    const other = await createTenant(api);
    const theirStaff = await createVia(api, other, 'staff', { name: 'Theirs' });
    const theirLocation = await createVia(api, other, 'locations', locationBody());
    const ownStaff = await createVia(api, tenant, 'staff', { name: 'Ours' });

    const staffProblem = expectProblem(
      await api.post(
        path(),
        serviceBody({ available_with_staff: [ownStaff.id, theirStaff.id] }),
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    expect(staffProblem.errors).toEqual([
      { path: 'available_with_staff', message: `unknown staff ${theirStaff.id}` },
    ]);
    const locationProblem = expectProblem(
      await api.post(
        path(),
        serviceBody({ available_at_locations: [theirLocation.id] }),
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    expect(locationProblem.errors?.[0]?.path).toBe('available_at_locations');

    const service = await createVia(
      api,
      tenant,
      'services',
      serviceBody({ available_with_staff: [ownStaff.id] }),
    );
    expect(service.available_with_staff).toEqual([ownStaff.id]);
    expectProblem(
      await api.put(path(`/${service.id}`), { available_with_staff: [theirStaff.id] }, tenant.key),
      400,
      'validation_failed',
    );
  });

  it('updates only the fields given (no defaults sneak back in)', async () => {
    const service = await createVia(
      api,
      tenant,
      'services',
      serviceBody({ booking_type: 'class', max_capacity: 8, buffer_time_after: 15 }),
    );
    const updated = await api.put(path(`/${service.id}`), { name: 'Yoga' }, tenant.key);
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'Yoga',
      booking_type: 'class',
      max_capacity: 8,
      buffer_time_after: 15,
    });
  });

  it('checks the cross-field rules on the merged service, not just the patch', async () => {
    const service = await createVia(
      api,
      tenant,
      'services',
      serviceBody({ booking_type: 'group', max_capacity: 6, price_cents: 5000 }),
    );
    // Alone, `booking_type: individual` is fine; merged with capacity 6 it is not.
    const problem = expectProblem(
      await api.put(path(`/${service.id}`), { booking_type: 'individual' }, tenant.key),
      400,
      'validation_failed',
    );
    expect(problem.errors?.[0]?.path).toBe('max_capacity');
    expectProblem(
      await api.put(path(`/${service.id}`), { deposit_amount_cents: 6000 }, tenant.key),
      400,
      'validation_failed',
    );
    expectProblem(
      await api.put(
        path(`/${service.id}`),
        { price_cents: 100, deposit_amount_cents: 200 },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    const unchanged = await api.get(path(`/${service.id}`), tenant.key);
    expect(unchanged.body).toMatchObject({
      booking_type: 'group',
      max_capacity: 6,
      price_cents: 5000,
    });
  });

  it('refuses a required deposit until Stripe is connected (422), then accepts it', async () => {
    const own = await createTenant(api);
    const deposit = serviceBody({ deposit_required: true, deposit_percentage: 20 });
    const problem = expectProblem(
      await api.post(`/tenants/${own.id}/services`, deposit, own.key),
      422,
      'unprocessable',
    );
    expect(problem.detail).toMatch(/connect Stripe first/i);
    const plain = await createVia(api, own, 'services', serviceBody());
    expectProblem(
      await api.put(
        `/tenants/${own.id}/services/${plain.id}`,
        { deposit_required: true, deposit_amount_cents: 500 },
        own.key,
      ),
      422,
      'unprocessable',
    );
    // Keys without the webhook secret are not enough: payments could never be confirmed.
    const connect = (body: Record<string, unknown>) =>
      api.put(`/tenants/${own.id}/payment-settings`, body, own.key);
    expect(
      (
        await connect({
          secret_key: 'sk_test_0000000000000000',
          publishable_key: 'pk_test_0000000000000000',
        })
      ).status,
    ).toBe(200);
    expectProblem(
      await api.post(`/tenants/${own.id}/services`, deposit, own.key),
      422,
      'unprocessable',
    );
    expect((await connect({ webhook_secret: 'whsec_0000000000000000' })).status).toBe(200);
    const created = await createVia(api, own, 'services', deposit);
    expect(created).toMatchObject({ deposit_required: true, deposit_percentage: 20 });
  });

  it('enforces max_services with a 403, archived services not counting', async () => {
    const free = await createTenant(api, { plan_tier: 'free' });
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createVia(api, free, 'services', serviceBody()));
    const problem = expectProblem(
      await api.post(`/tenants/${free.id}/services`, serviceBody(), free.key),
      403,
      'forbidden',
    );
    expect(problem.detail).toMatch(/free plan allows 3 services/);
    expect((await api.delete(`/tenants/${free.id}/services/${made[0]!.id}`, free.key)).status).toBe(
      204,
    );
    const fourth = await createVia(api, free, 'services', serviceBody());
    // Bringing the archived one back would make four.
    expectProblem(
      await api.put(`/tenants/${free.id}/services/${made[0]!.id}`, { status: 'active' }, free.key),
      403,
      'forbidden',
    );
    expect(fourth.status).toBe('active');
  });
});
