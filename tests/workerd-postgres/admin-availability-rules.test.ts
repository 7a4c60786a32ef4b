import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKey,
  createVia,
  locationBody,
  ruleBody,
  serviceBody,
  type TenantRef,
} from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let tenant: TenantRef;
let ana: string;
let ben: string;
let anaKey: string;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  tenant = await createTenant(api);
  ana = (await createVia(api, tenant, 'staff', { name: 'Ana' })).id;
  ben = (await createVia(api, tenant, 'staff', { name: 'Ben' })).id;
  anaKey = (await createKey(api, tenant, { role: 'staff', staff_id: ana })).key;
});

afterAll(async () => {
  await stack?.destroy();
});

const rules = (suffix = '') => `/tenants/${tenant.id}/availability-rules${suffix}`;

type Rule = { id: string; staff_id: string | null; rule_type: string; is_available: boolean };

describe('availability rules', () => {
  it('creates, reads, updates and deletes a weekly rule', async () => {
    const created = await createVia<Rule>(
      api,
      tenant,
      'availability-rules',
      ruleBody({ staff_id: ana }),
    );
    expect(created).toMatchObject({
      staff_id: ana,
      location_id: null,
      rule_type: 'recurring',
      day_of_week: 1,
      start_time: '09:00',
      end_time: '17:00',
      is_available: true,
      recurrence_pattern: 'weekly',
      priority: 0,
    });
    expect((await api.get(rules(`/${created.id}`), tenant.key)).body).toEqual(created);
    const updated = await api.put(rules(`/${created.id}`), { end_time: '18:30' }, tenant.key);
    expect(updated.body).toMatchObject({ start_time: '09:00', end_time: '18:30', priority: 0 });
    expect((await api.delete(rules(`/${created.id}`), tenant.key)).status).toBe(204);
    expectProblem(await api.get(rules(`/${created.id}`), tenant.key), 404, 'not_found');
  });

  it('makes a block close time by default and keeps dates as dates', async () => {
    const block = await createVia(api, tenant, 'availability-rules', {
      staff_id: ben,
      rule_type: 'block',
      date_range_start: '2030-08-01',
      date_range_end: '2030-08-15',
      reason: 'Holiday',
    });
    expect(block).toMatchObject({
      is_available: false,
      date_range_start: '2030-08-01',
      date_range_end: '2030-08-15',
      specific_date: null,
    });
  });

  it.each([
    ['25:00', { start_time: '25:00' }, 'start_time'],
    ['9:00', { start_time: '9:00' }, 'start_time'],
    ['a lone start', { end_time: null }, 'end_time'],
    ['equal start and end', { end_time: '09:00' }, 'end_time'],
    ['day 7', { day_of_week: 7 }, 'day_of_week'],
    ['a recurring rule without a day', { day_of_week: null }, 'day_of_week'],
    ['a closed recurring rule', { is_available: false }, 'is_available'],
    ['biweekly without a start', { recurrence_pattern: 'biweekly' }, 'date_range_start'],
    ['an impossible date', { date_range_start: '2027-02-30' }, 'date_range_start'],
    [
      'a range that ends first',
      { date_range_start: '2030-02-10', date_range_end: '2030-02-01' },
      'date_range_end',
    ],
    ['a bad rule type', { rule_type: 'sometimes' }, 'rule_type'],
  ])('rejects %s, naming the field', async (_name, overrides, field) => {
    const problem = expectProblem(
      await api.post(rules(), ruleBody({ staff_id: ana, ...overrides }), tenant.key),
      400,
      'validation_failed',
    );
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  });

  it('checks the merged rule on update, so a patch cannot leave half a rule', async () => {
    const rule = await createVia<Rule>(
      api,
      tenant,
      'availability-rules',
      ruleBody({ staff_id: ana }),
    );
    // Turning a weekly rule into a block without a date would leave an undated block.
    const problem = expectProblem(
      await api.put(rules(`/${rule.id}`), { rule_type: 'block', is_available: false }, tenant.key),
      400,
      'validation_failed',
    );
    expect(problem.errors?.map((e) => e.path)).toContain('specific_date');
    expectProblem(
      await api.put(rules(`/${rule.id}`), { start_time: null }, tenant.key),
      400,
      'validation_failed',
    );
    const fine = await api.put(
      rules(`/${rule.id}`),
      { rule_type: 'block', is_available: false, specific_date: '2030-05-05', day_of_week: null },
      tenant.key,
    );
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
    expect(fine.body).toMatchObject({ rule_type: 'block', specific_date: '2030-05-05' });
  });

  it("refuses another tenant's staff, location and service, naming the field", async () => {
    const other = await createTenant(api);
    const theirStaff = await createVia(api, other, 'staff', { name: 'X' });
    const theirLocation = await createVia(api, other, 'locations', locationBody());
    const theirService = await createVia(api, other, 'services', serviceBody());
    for (const [field, id] of [
      ['staff_id', theirStaff.id],
      ['location_id', theirLocation.id],
      ['service_id', theirService.id],
      ['staff_id', crypto.randomUUID()],
    ] as const) {
      const problem = expectProblem(
        await api.post(rules(), ruleBody({ [field]: id }), tenant.key),
        400,
        'validation_failed',
      );
      expect(problem.errors?.[0]?.path).toBe(field);
    }
    const rule = await createVia<Rule>(
      api,
      tenant,
      'availability-rules',
      ruleBody({ staff_id: ana }),
    );
    expectProblem(
      await api.put(rules(`/${rule.id}`), { location_id: theirLocation.id }, tenant.key),
      400,
      'validation_failed',
    );
  });

  it('filters the list by staff, location and rule type', async () => {
    const own = await createTenant(api);
    const s1 = (await createVia(api, own, 'staff', { name: 'S1' })).id;
    const s2 = (await createVia(api, own, 'staff', { name: 'S2' })).id;
    const loc = (await createVia(api, own, 'locations', locationBody())).id;
    const r1 = await createVia(api, own, 'availability-rules', ruleBody({ staff_id: s1 }));
    const r2 = await createVia(api, own, 'availability-rules', ruleBody({ staff_id: s2 }));
    const r3 = await createVia(api, own, 'availability-rules', ruleBody({ location_id: loc }));
    const r4 = await createVia(api, own, 'availability-rules', {
      staff_id: s1,
      rule_type: 'override',
      specific_date: '2030-01-02',
      start_time: '10:00',
      end_time: '12:00',
    });
    const ids = async (query: string) =>
      (
        await api.get<{ data: Rule[] }>(`/tenants/${own.id}/availability-rules${query}`, own.key)
      ).body.data
        .map((r) => r.id)
        .sort();
    expect(await ids('')).toEqual([r1.id, r2.id, r3.id, r4.id].sort());
    expect(await ids(`?staff_id=${s1}`)).toEqual([r1.id, r4.id].sort());
    expect(await ids(`?location_id=${loc}`)).toEqual([r3.id]);
    expect(await ids(`?staff_id=${s1}&rule_type=override`)).toEqual([r4.id]);
    expectProblem(
      await api.get(`/tenants/${own.id}/availability-rules?rule_type=sometimes`, own.key),
      400,
      'validation_failed',
    );
    expectProblem(
      await api.get(`/tenants/${own.id}/availability-rules?staff_id=nope`, own.key),
      400,
      'validation_failed',
    );
  });
});

describe('a staff key and availability rules', () => {
  it("manages its own staff member's rules", async () => {
    const created = await createVia<Rule>(
      api,
      tenant,
      'availability-rules',
      ruleBody({ staff_id: ana, day_of_week: 3 }),
      anaKey,
    );
    expect(created.staff_id).toBe(ana);
    const updated = await api.put(rules(`/${created.id}`), { start_time: '08:00' }, anaKey);
    expect(updated.status).toBe(200);
    expect((await api.get(rules(`/${created.id}`), anaKey)).status).toBe(200);
    expect((await api.delete(rules(`/${created.id}`), anaKey)).status).toBe(204);
  });

  it("sees its own rules and the business-wide ones; others' rules do not exist for it", async () => {
    const bens = await createVia<Rule>(
      api,
      tenant,
      'availability-rules',
      ruleBody({ staff_id: ben }),
    );
    const wide = await createVia<Rule>(api, tenant, 'availability-rules', ruleBody());
    const listed = await api.get<{ data: Rule[] }>(rules(), anaKey);
    expect(listed.status).toBe(200);
    expect(listed.body.data.length).toBeGreaterThan(0);
    expect(listed.body.data.every((r) => r.staff_id === ana || r.staff_id === null)).toBe(true);
    expect(listed.body.data.map((r) => r.id)).toContain(wide.id);
    expect(listed.body.data.map((r) => r.id)).not.toContain(bens.id);
    expect((await api.get<{ data: Rule[] }>(rules(`?staff_id=${ben}`), anaKey)).body.data).toEqual(
      [],
    );
    expectProblem(await api.get(rules(`/${bens.id}`), anaKey), 404, 'not_found');
    expectProblem(await api.put(rules(`/${bens.id}`), { priority: 5 }, anaKey), 404, 'not_found');
    expectProblem(await api.delete(rules(`/${bens.id}`), anaKey), 404, 'not_found');
    // The business's own hours: readable (they shape Ana's day), never changed by her.
    expect((await api.get(rules(`/${wide.id}`), anaKey)).body).toEqual(wide);
    expectProblem(await api.put(rules(`/${wide.id}`), { priority: 5 }, anaKey), 403, 'forbidden');
    expectProblem(await api.delete(rules(`/${wide.id}`), anaKey), 403, 'forbidden');
    // Still there, unchanged.
    expect((await api.get(rules(`/${bens.id}`), tenant.key)).body).toEqual(bens);
    expect((await api.get(rules(`/${wide.id}`), tenant.key)).body).toEqual(wide);
  });

  it('may not create rules for someone else or for the whole business (403)', async () => {
    expectProblem(await api.post(rules(), ruleBody({ staff_id: ben }), anaKey), 403, 'forbidden');
    expectProblem(await api.post(rules(), ruleBody(), anaKey), 403, 'forbidden');
    const own = await createVia<Rule>(
      api,
      tenant,
      'availability-rules',
      ruleBody({ staff_id: ana }),
      anaKey,
    );
    // Nor hand its own rule over to someone else.
    expectProblem(await api.put(rules(`/${own.id}`), { staff_id: ben }, anaKey), 403, 'forbidden');
    expectProblem(await api.put(rules(`/${own.id}`), { staff_id: null }, anaKey), 403, 'forbidden');
  });
});
