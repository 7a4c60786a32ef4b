/**
 * Malformed requests against every admin write route (tenants, signup, staff, services,
 * locations, availability rules, widgets, customers, API keys): each must get a 4xx
 * `application/problem+json`, never a 5xx, and none may change the database.
 * `BAD_INPUT_SEED=<n>` replays a run's random part.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKey,
  createVia,
  locationBody,
  ruleBody,
  seedAppointment,
  seedCustomer,
  serviceBody,
  type TenantRef,
} from '../support/admin.ts';
import {
  type ApiClient,
  apiClient,
  createTenant,
  newTenantBody,
  PLATFORM_KEY,
} from '../support/api.ts';
import {
  type BadRequest,
  CONTROL_LINE,
  CONTROL_TEXT,
  deepObjectJson,
  fieldCases,
  fieldTables,
  randomCases,
  seededRandom,
  structuralCases,
  type WriteRoute,
} from '../support/bad-input.ts';
import { connectDb, databaseSnapshot, encryptionKey } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const SEED = Number(process.env.BAD_INPUT_SEED) || 20_270_315;
const RANDOM_CASES = 300;
const CONCURRENCY = 6;

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let tenant: TenantRef;
let routes: WriteRoute[];
let extraRequests: BadRequest[];

beforeAll(async () => {
  // Hundreds of requests from one address: measure validation, not the rate limiter.
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  const secret = await encryptionKey(stack.dataDir);
  tenant = await createTenant(api);
  const other = await createTenant(api);
  const staffId = (await createVia(api, tenant, 'staff', { name: 'Ana' })).id;
  const serviceId = (await createVia(api, tenant, 'services', serviceBody())).id;
  const locationId = (await createVia(api, tenant, 'locations', locationBody())).id;
  const ruleId = (
    await createVia(api, tenant, 'availability-rules', ruleBody({ staff_id: staffId }))
  ).id;
  const widgetId = (await createVia(api, tenant, 'widgets', { name: 'Site' })).id;
  const customer = await seedCustomer(db, secret, tenant.id);
  const customerId = customer.id;
  const appointmentId = await seedAppointment(
    db,
    secret,
    tenant.id,
    { serviceId, staffId },
    customer,
  );
  const webhookId = (
    await createVia(api, tenant, 'webhooks', { url: 'https://hooks.example.com/in' })
  ).id;
  const staffKey = (await createKey(api, tenant, { role: 'staff', staff_id: staffId })).key;
  const tables = fieldTables({
    foreignStaff: (await createVia(api, other, 'staff', { name: 'X' })).id,
    foreignLocation: (await createVia(api, other, 'locations', locationBody())).id,
    foreignService: (await createVia(api, other, 'services', serviceBody())).id,
    random: () => crypto.randomUUID(),
  });

  const t = `/tenants/${tenant.id}`;
  const signupBase: Record<string, unknown> = {
    ...newTenantBody(),
    password: 'correct horse battery',
  };
  delete signupBase.mode;
  delete signupBase.plan_tier;
  routes = [
    {
      name: 'POST /tenants',
      method: 'POST',
      path: '/tenants',
      key: PLATFORM_KEY,
      base: newTenantBody(),
      fields: {
        ...tables.business,
        subdomain: tables.subdomain,
        mode: ['solo', null],
        plan_tier: ['platinum', null],
      },
    },
    {
      name: 'POST /signup',
      method: 'POST',
      path: '/signup',
      key: '',
      base: signupBase,
      fields: {
        ...tables.business,
        subdomain: tables.subdomain,
        password: ['short', 123, null, 'x'.repeat(257)],
        owner_name: ['', 123, 'x'.repeat(256)],
        plan_tier: ['enterprise'],
      },
    },
    {
      name: 'PUT /tenants/:id',
      method: 'PUT',
      path: t,
      key: tenant.key,
      base: { hold_minutes: 12 },
      fields: tables.tenantUpdate,
    },
    {
      name: 'POST /staff',
      method: 'POST',
      path: `${t}/staff`,
      key: tenant.key,
      base: { name: 'Cleo', location_ids: [locationId] },
      fields: tables.staff,
    },
    {
      name: 'PUT /staff/:id',
      method: 'PUT',
      path: `${t}/staff/${staffId}`,
      key: tenant.key,
      base: { title: 'Lead' },
      fields: tables.staff,
    },
    {
      name: 'POST /services',
      method: 'POST',
      path: `${t}/services`,
      key: tenant.key,
      base: serviceBody({ slug: 'fresh-service' }),
      fields: tables.service,
      combos: tables.serviceCombos,
    },
    {
      name: 'PUT /services/:id',
      method: 'PUT',
      path: `${t}/services/${serviceId}`,
      key: tenant.key,
      base: { name: 'Renamed' },
      fields: tables.service,
      combos: tables.serviceCombos,
    },
    {
      name: 'POST /locations',
      method: 'POST',
      path: `${t}/locations`,
      key: tenant.key,
      base: locationBody(),
      fields: tables.location,
    },
    {
      name: 'PUT /locations/:id',
      method: 'PUT',
      path: `${t}/locations/${locationId}`,
      key: tenant.key,
      base: { city: 'Faro' },
      fields: tables.location,
    },
    {
      name: 'POST /availability-rules',
      method: 'POST',
      path: `${t}/availability-rules`,
      key: tenant.key,
      base: ruleBody({ staff_id: staffId }),
      fields: tables.rule,
    },
    {
      name: 'PUT /availability-rules/:id',
      method: 'PUT',
      path: `${t}/availability-rules/${ruleId}`,
      key: tenant.key,
      base: { priority: 2 },
      fields: tables.rule,
    },
    {
      name: 'POST /availability-rules (staff key)',
      method: 'POST',
      path: `${t}/availability-rules`,
      key: staffKey,
      base: ruleBody({ staff_id: staffId }),
      fields: tables.rule,
    },
    {
      name: 'POST /widgets',
      method: 'POST',
      path: `${t}/widgets`,
      key: tenant.key,
      base: { name: 'Footer' },
      fields: tables.widget,
    },
    {
      name: 'PUT /widgets/:id',
      method: 'PUT',
      path: `${t}/widgets/${widgetId}`,
      key: tenant.key,
      base: { name: 'Header' },
      fields: tables.widget,
    },
    {
      name: 'PUT /customers/:id',
      method: 'PUT',
      path: `${t}/customers/${customerId}`,
      key: tenant.key,
      base: { notes: 'ok' },
      fields: tables.customer,
    },
    {
      name: 'POST /webhooks',
      method: 'POST',
      path: `${t}/webhooks`,
      key: tenant.key,
      base: { url: 'https://hooks.example.com/other' },
      fields: tables.webhook,
    },
    {
      name: 'PUT /webhooks/:id',
      method: 'PUT',
      path: `${t}/webhooks/${webhookId}`,
      key: tenant.key,
      base: { description: 'CRM' },
      fields: tables.webhook,
    },
    {
      name: 'PUT /appointments/:id',
      method: 'PUT',
      path: `${t}/appointments/${appointmentId}`,
      key: tenant.key,
      base: { internal_notes: 'ok' },
      fields: tables.appointmentUpdate,
    },
    {
      name: 'POST /api-keys',
      method: 'POST',
      path: `${t}/api-keys`,
      key: tenant.key,
      base: { name: 'CI' },
      fields: tables.apiKey,
    },
  ];

  // Bad ids in paths, bad queries on the lists, and bad credentials on write routes.
  const request = (
    label: string,
    method: string,
    path: string,
    key: string,
    raw?: string,
  ): BadRequest => ({
    label,
    method,
    path,
    key,
    ...(raw !== undefined ? { raw, contentType: 'application/json' } : {}),
  });
  extraRequests = [
    ...['services', 'staff', 'locations', 'availability-rules', 'widgets', 'customers'].flatMap(
      (r) => [
        request(`PUT /${r}/not-a-uuid`, 'PUT', `${t}/${r}/not-a-uuid`, tenant.key, '{"name":"x"}'),
        request(
          `PUT /${r}/<unknown>`,
          'PUT',
          `${t}/${r}/${crypto.randomUUID()}`,
          tenant.key,
          '{"name":"x"}',
        ),
        request(`DELETE /${r}/<unknown>`, 'DELETE', `${t}/${r}/${crypto.randomUUID()}`, tenant.key),
        request(`DELETE /${r}/' OR 1=1 --`, 'DELETE', `${t}/${r}/'%20OR%201=1%20--`, tenant.key),
      ],
    ),
    request('DELETE /api-keys/not-a-uuid', 'DELETE', `${t}/api-keys/not-a-uuid`, tenant.key),
    request(
      'PUT /tenants/not-a-uuid',
      'PUT',
      '/tenants/not-a-uuid',
      tenant.key,
      '{"hold_minutes":5}',
    ),
    request(
      'POST /staff under another tenant id',
      'POST',
      `/tenants/${other.id}/staff`,
      tenant.key,
      '{"name":"x"}',
    ),
    request('POST /staff with a Basic header', 'POST', `${t}/staff`, 'Basic', '{"name":"x"}'),
    request(
      'POST /staff with the platform key',
      'POST',
      `${t}/staff`,
      PLATFORM_KEY,
      '{"name":"x"}',
    ),
    request('POST /staff with a staff key', 'POST', `${t}/staff`, staffKey, '{"name":"x"}'),
    request(
      'POST /tenants with a tenant key',
      'POST',
      '/tenants',
      tenant.key,
      JSON.stringify(newTenantBody()),
    ),
    ...[
      '?limit=0',
      '?limit=-1',
      '?limit=1e9',
      '?limit=abc',
      '?cursor=%00',
      `?cursor=${'A'.repeat(300)}`,
      `?q=${'x'.repeat(201)}`,
      `?email=${'x'.repeat(256)}`,
      '?sort=name',
    ].map((q) =>
      request(`GET /customers${q.slice(0, 30)}`, 'GET', `${t}/customers${q}`, tenant.key),
    ),
    ...['?q=a%00b', '?email=a%00b%40example.com', '?q=%E2%80%AE', '?cursor=%00%00'].map((q) =>
      request(`GET /customers${q}`, 'GET', `${t}/customers${q}`, tenant.key),
    ),
    ...[
      '?start_date=9999-12-31&end_date=9999-12-31',
      '?start_date=0001-01-01',
      '?start_date=2027-01-01&end_date=9999-12-31',
      '?customer_email=a%00b',
    ].map((q) => request(`GET /appointments${q}`, 'GET', `${t}/appointments${q}`, tenant.key)),
    ...['services', 'staff', 'locations', 'widgets', 'customers', 'webhooks'].map((r) =>
      request(`GET /${r}/a%00b`, 'GET', `${t}/${r}/a%00b`, tenant.key),
    ),
    request(
      'PUT /tenants/:id booking_page_settings 10,000 deep',
      'PUT',
      t,
      tenant.key,
      `{"booking_page_settings":${deepObjectJson(10_000)}}`,
    ),
    // A manual booking with control characters anywhere a customer's words go.
    ...[
      ...CONTROL_LINE.map((name) => ({ customer: { name, email: 'c@example.com' } })),
      ...CONTROL_TEXT.map((notes) => ({ notes })),
      ...CONTROL_TEXT.map((internal_notes) => ({ internal_notes })),
      { answers: { 'q\u0000': 'x' } },
      { answers: { q: 'a\u0000b' } },
      { metadata: { utm_source: 'a\u0000b' } },
      { metadata: { 'utm\u0000': 'x' } },
      { start_time: '9999-12-31T23:59:59Z' },
    ].map((broken, i) =>
      request(
        `POST /appointments control#${i}`,
        'POST',
        `${t}/appointments`,
        tenant.key,
        JSON.stringify({
          service_id: serviceId,
          staff_id: staffId,
          start_time: '2030-03-18T14:00:00Z',
          customer: { name: 'Cy', email: 'c@example.com' },
          ...broken,
        }),
      ),
    ),
    ...['?rule_type=weekly', '?staff_id=x', "?location_id=' OR 1=1", '?day=1'].map((q) =>
      request(`GET /availability-rules${q}`, 'GET', `${t}/availability-rules${q}`, tenant.key),
    ),
  ];
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

async function send(request: BadRequest): Promise<{ status: number; type: string; body: unknown }> {
  const headers: Record<string, string> = {};
  if (request.key === 'Basic') headers.authorization = 'Basic dXNlcjpwYXNz';
  else if (request.key) headers.authorization = `Bearer ${request.key}`;
  if (request.contentType) headers['content-type'] = request.contentType;
  const response = await fetch(`${stack.url}/api/booking/v1${request.path}`, {
    method: request.method,
    headers,
    ...(request.raw !== undefined ? { body: request.raw } : {}),
    // A hung request is a failure of its own, not a reason to stall the whole suite.
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text; the assertions below will say so
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', body };
}

describe('bad input against the admin write routes', () => {
  it('answers every malformed request with a 4xx problem and changes nothing', {
    timeout: 300_000,
  }, async () => {
    const cases = [
      ...routes.flatMap(fieldCases),
      ...routes.flatMap(structuralCases),
      ...randomCases(routes, RANDOM_CASES, seededRandom(SEED)),
      ...extraRequests,
    ];
    const before = await databaseSnapshot(db);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let fiveXX = 0;
    const families = new Map<string, { cases: number; fivexx: number }>();
    const check = async (request: BadRequest) => {
      const started = Date.now();
      const { status, type, body } = await send(request).catch((error: Error) => ({
        status: 599,
        type: '',
        body: `no answer: ${error.message}`,
      }));
      if (process.env.BAD_INPUT_TRACE) console.log(status, Date.now() - started, request.label);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) fiveXX++;
      const family = request.label
        .split(' ')
        .slice(0, 2)
        .join(' ')
        .replace(/\/[0-9a-f-]{36}/g, '/:id');
      const tally = families.get(family) ?? { cases: 0, fivexx: 0 };
      families.set(family, {
        cases: tally.cases + 1,
        fivexx: tally.fivexx + (status >= 500 ? 1 : 0),
      });
      const problem = body as { status?: unknown; code?: unknown; errors?: unknown[] };
      const wrong =
        status < 400 || status >= 500
          ? `status ${status}`
          : !type.includes('application/problem+json')
            ? `content-type ${type}`
            : problem?.status !== status || typeof problem.code !== 'string'
              ? 'not a problem body'
              : problem.code === 'validation_failed' && !problem.errors?.length
                ? 'validation_failed without errors[]'
                : undefined;
      if (wrong) failures.push(`${request.label}: ${wrong} ${JSON.stringify(body).slice(0, 200)}`);
    };
    // A few at a time: all of them are refused, so order does not matter, and the suite
    // stays quick.
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let request = queue.shift(); request; request = queue.shift()) await check(request);
      }),
    );
    const after = await databaseSnapshot(db);
    console.log(
      `BAD-INPUT cases=${cases.length} fivexx=${fiveXX} non-problem-4xx=${failures.length} seed=${SEED} statuses=${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    console.log(
      `BAD-INPUT by route: ${[...families]
        .sort()
        .map(([family, tally]) => `${family}=${tally.cases}/${tally.fivexx}`)
        .join(', ')}`,
    );
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(failures).toEqual([]);
    expect(fiveXX).toBe(0);
    expect(after).toEqual(before);
  });

  it('accepts every base body, so each rejection above came from what was broken', async () => {
    for (const route of routes) {
      const response = await api.request(route.method, route.path, {
        body: route.base,
        ...(route.key ? { key: route.key } : {}),
      });
      expect(response.status, `${route.name}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    }
  });
});

describe('unknown admin paths', () => {
  it('answer 404 not_found "No route for …", not a business lookup', async () => {
    const paths = [
      ['GET', `/tenants/${tenant.id}/nonsense`],
      ['POST', `/tenants/${tenant.id}/staff/${crypto.randomUUID()}/nonsense`],
      ['GET', '/webhooks/nowhere'],
      ['DELETE', '/signup/everything'],
    ];
    for (const [method, path] of paths) {
      const response = await fetch(`${stack.url}/api/booking/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${tenant.key}` },
      });
      const body = (await response.json()) as { code?: string; detail?: string };
      expect([method, path, response.status, body.code, body.detail?.slice(0, 12)]).toEqual([
        method,
        path,
        404,
        'not_found',
        'No route for',
      ]);
    }
  });
});
