/**
 * Every admin route under one matrix: the happy path, a validation failure, an unknown
 * id, no key, a revoked key, another tenant's key, another tenant's ids, and a staff key
 * outside its scope. Rejected requests must leave the database exactly as it was.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKey,
  createVia,
  locationBody,
  revokedKey,
  ruleBody,
  seedCustomer,
  serviceBody,
  type TenantRef,
} from '../support/admin.ts';
import {
  type ApiClient,
  type ApiResponse,
  apiClient,
  createTenant,
  expectProblem,
} from '../support/api.ts';
import { connectDb, databaseSnapshot, encryptionKey } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

interface Ids {
  staffId: string;
  serviceId: string;
  locationId: string;
  /** A rule of the second staff member: outside the staff key's scope. */
  ruleId: string;
  widgetId: string;
  customerId: string;
  keyId: string;
}

interface Fixture extends TenantRef {
  ids: Ids;
  /** The first staff member, whose staff key the matrix uses. */
  ownStaffId: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RouteCase {
  method: Method;
  /** Path under `/tenants/:tenant_id` ('' is the tenant itself). */
  path: (ids: Ids) => string;
  body?: (f: Fixture) => unknown;
  /** The owner key's status on the happy path; absent when it would destroy the fixture. */
  ok?: number;
  /** For destructive happy paths: makes a throwaway row and returns its ids. */
  fresh?: (f: Fixture) => Promise<Partial<Ids>>;
  /** A request that must fail validation (400 with `errors[]`). */
  invalid?: { body?: unknown; query?: string };
  /** What a staff key (of `ownStaffId`) gets on the fixture row; its body if different. */
  staff: number;
  staffBody?: (f: Fixture) => unknown;
}

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let secret: string;
let a: Fixture;
let b: Fixture;
let staffKey: string;
let revoked: string;

async function fixture(tenant: TenantRef): Promise<Fixture> {
  const ownStaffId = (await createVia(api, tenant, 'staff', { name: 'Ana' })).id;
  const staffId = (await createVia(api, tenant, 'staff', { name: 'Ben' })).id;
  const locationId = (await createVia(api, tenant, 'locations', locationBody())).id;
  const serviceId = (await createVia(api, tenant, 'services', serviceBody())).id;
  const ruleId = (
    await createVia(api, tenant, 'availability-rules', ruleBody({ staff_id: staffId }))
  ).id;
  const widgetId = (await createVia(api, tenant, 'widgets', { name: 'Site' })).id;
  const customerId = (await seedCustomer(db, secret, tenant.id)).id;
  const keyId = (await createKey(api, tenant, { role: 'admin' })).id;
  return {
    ...tenant,
    ownStaffId,
    ids: { staffId, serviceId, locationId, ruleId, widgetId, customerId, keyId },
  };
}

const crud = (
  resource: string,
  id: keyof Ids,
  spec: {
    body: (f: Fixture) => unknown;
    invalid: unknown;
    update: unknown;
    invalidUpdate: unknown;
    fresh: (f: Fixture) => Promise<Partial<Ids>>;
    deleted: number;
    staffRead: number;
    staffWrite: number;
    staffBody?: (f: Fixture) => unknown;
  },
): Record<string, RouteCase> => ({
  [`POST /${resource}`]: {
    method: 'POST',
    path: () => `/${resource}`,
    body: spec.body,
    ok: 201,
    invalid: { body: spec.invalid },
    staff: 403,
    ...(spec.staffBody ? { staffBody: spec.staffBody } : {}),
  },
  [`GET /${resource}`]: { method: 'GET', path: () => `/${resource}`, ok: 200, staff: 200 },
  [`GET /${resource}/:id`]: {
    method: 'GET',
    path: (ids) => `/${resource}/${ids[id]}`,
    ok: 200,
    staff: spec.staffRead,
  },
  [`PUT /${resource}/:id`]: {
    method: 'PUT',
    path: (ids) => `/${resource}/${ids[id]}`,
    body: () => spec.update,
    ok: 200,
    invalid: { body: spec.invalidUpdate },
    staff: spec.staffWrite,
  },
  [`DELETE /${resource}/:id`]: {
    method: 'DELETE',
    path: (ids) => `/${resource}/${ids[id]}`,
    ok: spec.deleted,
    fresh: spec.fresh,
    staff: spec.staffWrite,
  },
});

const ROUTES: Record<string, RouteCase> = {
  'GET /tenants/:id': { method: 'GET', path: () => '', ok: 200, staff: 200 },
  'PUT /tenants/:id': {
    method: 'PUT',
    path: () => '',
    body: () => ({ hold_minutes: 12 }),
    ok: 200,
    invalid: { body: { hold_minutes: 0 } },
    staff: 403,
  },
  'DELETE /tenants/:id': { method: 'DELETE', path: () => '', staff: 403 },
  ...crud('staff', 'staffId', {
    body: () => ({ name: 'Cleo' }),
    invalid: { name: '' },
    update: { title: 'Senior stylist' },
    invalidUpdate: { buffer_time_before: -5 },
    fresh: async (f) => ({ staffId: (await createVia(api, f, 'staff', { name: 'Temp' })).id }),
    deleted: 204,
    staffRead: 200,
    staffWrite: 403,
  }),
  ...crud('services', 'serviceId', {
    body: () => serviceBody(),
    invalid: serviceBody({ slug: 'Not A Slug' }),
    update: { price_cents: 4200 },
    invalidUpdate: { duration_minutes: 0 },
    fresh: async (f) => ({ serviceId: (await createVia(api, f, 'services', serviceBody())).id }),
    deleted: 204,
    staffRead: 200,
    staffWrite: 403,
  }),
  ...crud('locations', 'locationId', {
    body: () => locationBody(),
    invalid: locationBody({ timezone: 'Mars/Base' }),
    update: { city: 'Porto' },
    invalidUpdate: { latitude: 123 },
    fresh: async (f) => ({
      locationId: (await createVia(api, f, 'locations', locationBody())).id,
    }),
    deleted: 204,
    staffRead: 200,
    staffWrite: 403,
  }),
  ...crud('availability-rules', 'ruleId', {
    body: (f) => ruleBody({ staff_id: f.ownStaffId }),
    invalid: ruleBody({ end_time: '25:00' }),
    update: { priority: 3 },
    invalidUpdate: { specific_date: '2027-02-30' },
    fresh: async (f) => ({
      ruleId: (await createVia(api, f, 'availability-rules', ruleBody({ staff_id: f.ids.staffId })))
        .id,
    }),
    deleted: 204,
    // Someone else's rule does not exist for a staff key; creating one for them is 403.
    staffRead: 404,
    staffWrite: 404,
    staffBody: (f) => ruleBody({ staff_id: f.ids.staffId }),
  }),
  ...crud('widgets', 'widgetId', {
    body: () => ({ name: 'Footer', widget_type: 'button' }),
    invalid: { name: 'Footer', widget_type: 'banner' },
    update: { name: 'Header' },
    invalidUpdate: { allowed_domains: ['not a domain'] },
    fresh: async (f) => ({ widgetId: (await createVia(api, f, 'widgets', { name: 'Temp' })).id }),
    deleted: 204,
    staffRead: 200,
    staffWrite: 403,
  }),
  'GET /widgets/:id/embed-code': {
    method: 'GET',
    path: (ids) => `/widgets/${ids.widgetId}/embed-code`,
    ok: 200,
    staff: 200,
  },
  'GET /customers': {
    method: 'GET',
    path: () => '/customers',
    ok: 200,
    invalid: { query: '?limit=0' },
    staff: 403,
  },
  'GET /customers/:id': {
    method: 'GET',
    path: (ids) => `/customers/${ids.customerId}`,
    ok: 200,
    staff: 403,
  },
  'GET /customers/:id/export': {
    method: 'GET',
    path: (ids) => `/customers/${ids.customerId}/export`,
    ok: 200,
    staff: 403,
  },
  'PUT /customers/:id': {
    method: 'PUT',
    path: (ids) => `/customers/${ids.customerId}`,
    body: () => ({ notes: 'Regular' }),
    ok: 200,
    invalid: { body: { phone: 'call me maybe' } },
    staff: 403,
  },
  'DELETE /customers/:id': {
    method: 'DELETE',
    path: (ids) => `/customers/${ids.customerId}`,
    ok: 204,
    fresh: async (f) => ({ customerId: (await seedCustomer(db, secret, f.id)).id }),
    staff: 403,
  },
  'POST /api-keys': {
    method: 'POST',
    path: () => '/api-keys',
    body: () => ({ name: 'CI' }),
    ok: 201,
    invalid: { body: { name: 'CI', role: 'root' } },
    staff: 403,
  },
  'GET /api-keys': { method: 'GET', path: () => '/api-keys', ok: 200, staff: 403 },
  'GET /payment-settings': { method: 'GET', path: () => '/payment-settings', ok: 200, staff: 403 },
  'PUT /payment-settings': {
    method: 'PUT',
    path: () => '/payment-settings',
    body: () => ({ cancellation_window_hours: 12 }),
    ok: 200,
    invalid: { body: { secret_key: 'not-a-stripe-key' } },
    staff: 403,
  },
  'DELETE /api-keys/:id': {
    method: 'DELETE',
    path: (ids) => `/api-keys/${ids.keyId}`,
    ok: 204,
    fresh: async (f) => ({ keyId: (await createKey(api, f, { role: 'admin' })).id }),
    staff: 403,
  },
};

const cases = Object.entries(ROUTES);
const randomIds = (): Ids => ({
  staffId: crypto.randomUUID(),
  serviceId: crypto.randomUUID(),
  locationId: crypto.randomUUID(),
  ruleId: crypto.randomUUID(),
  widgetId: crypto.randomUUID(),
  customerId: crypto.randomUUID(),
  keyId: crypto.randomUUID(),
});
/** Routes that name a row by id (their path changes with the ids). */
const idCases = cases.filter(([, route]) => {
  const ids = randomIds();
  return route.path(ids) !== route.path({ ...ids, ...randomIds() });
});
const invalidCases = cases.filter(([, route]) => route.invalid);

function send(
  route: RouteCase,
  f: Fixture,
  key: string | undefined,
  options: { ids?: Ids; body?: unknown; query?: string } = {},
): Promise<ApiResponse> {
  const path = `/tenants/${f.id}${route.path(options.ids ?? f.ids)}${options.query ?? ''}`;
  const body = options.body ?? route.body?.(f);
  return api.request(route.method, path, {
    ...(key ? { key } : {}),
    ...(body !== undefined ? { body } : {}),
  });
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  secret = await encryptionKey(stack.dataDir);
  a = await fixture(await createTenant(api));
  b = await fixture(await createTenant(api));
  staffKey = (await createKey(api, a, { role: 'staff', staff_id: a.ownStaffId })).key;
  revoked = await revokedKey(api, a);
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

describe('rejected requests (and they change nothing)', () => {
  let before: Record<string, string>;

  it('takes a snapshot of the database', async () => {
    before = await databaseSnapshot(db);
    expect(Object.keys(before).length).toBeGreaterThan(10);
  });

  it.each(cases)('%s without a key → 401', async (_name, route) => {
    expectProblem(await send(route, a, undefined), 401, 'unauthorized');
  });

  it.each(cases)('%s with a malformed key → 401', async (_name, route) => {
    expectProblem(await send(route, a, 'bsk_this-is-not-a-real-key-at-all'), 401, 'unauthorized');
  });

  it.each(cases)('%s with a revoked key → 401', async (_name, route) => {
    expectProblem(await send(route, a, revoked), 401, 'unauthorized');
  });

  it.each(cases)("%s with another tenant's key → 404", async (_name, route) => {
    expectProblem(await send(route, a, b.key), 404, 'not_found');
  });

  it.each(idCases)("%s naming another tenant's row → 404", async (_name, route) => {
    expectProblem(await send(route, a, a.key, { ids: b.ids }), 404, 'not_found');
  });

  it.each(idCases)('%s with an unknown id → 404', async (_name, route) => {
    expectProblem(await send(route, a, a.key, { ids: randomIds() }), 404, 'not_found');
    const notUuid = Object.fromEntries(Object.keys(a.ids).map((k) => [k, 'not-a-uuid'])) as never;
    expectProblem(await send(route, a, a.key, { ids: notUuid }), 404, 'not_found');
  });

  it.each(invalidCases)(
    '%s with an invalid request → 400 naming the problem',
    async (_n, route) => {
      const problem = expectProblem(
        await send(route, a, a.key, route.invalid ?? {}),
        400,
        'validation_failed',
      );
      expect(problem.errors?.length).toBeGreaterThan(0);
      expect(problem.errors?.[0]).toEqual({
        path: expect.any(String),
        message: expect.any(String),
      });
    },
  );

  it.each(cases.filter(([, route]) => route.staff >= 400))(
    '%s with a staff key outside its scope → 403/404',
    async (_name, route) => {
      const response = await send(route, a, staffKey, {
        ...(route.staffBody ? { body: route.staffBody(a) } : {}),
      });
      expectProblem(response, route.staff, route.staff === 403 ? 'forbidden' : 'not_found');
    },
  );

  it('left the database exactly as it was', async () => {
    expect(await databaseSnapshot(db)).toEqual(before);
  });
});

describe('allowed requests', () => {
  it.each(cases.filter(([, route]) => route.staff < 400))(
    '%s with a staff key is allowed',
    async (_name, route) => {
      const response = await send(route, a, staffKey);
      expect(response.status, JSON.stringify(response.body)).toBe(route.staff);
    },
  );

  it.each(cases.filter(([, route]) => route.ok))('%s happy path', async (_name, route) => {
    const ids = route.fresh ? { ...a.ids, ...(await route.fresh(a)) } : a.ids;
    const response = await send(route, a, a.key, { ids });
    expect(response.status, JSON.stringify(response.body)).toBe(route.ok);
    if (route.ok === 204) {
      expect(response.body).toBeNull();
    } else {
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(response.body).toEqual(expect.any(Object));
    }
  });
});
