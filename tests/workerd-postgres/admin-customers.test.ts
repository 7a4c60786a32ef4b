import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVia,
  type SeededCustomer,
  seedAppointment,
  seedCustomer,
  serviceBody,
  type TenantRef,
} from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { connectDb, decryptColumn, encryptionKey, findTenantText } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let secret: string;
let tenant: TenantRef;
let refs: { serviceId: string; staffId: string };

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  secret = await encryptionKey(stack.dataDir);
  tenant = await createTenant(api);
  refs = {
    serviceId: (await createVia(api, tenant, 'services', serviceBody())).id,
    staffId: (await createVia(api, tenant, 'staff', { name: 'Ana' })).id,
  };
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

const customers = (t: TenantRef, suffix = '') => `/tenants/${t.id}/customers${suffix}`;
type Page = {
  data: Array<{ id: string; email: string; name: string }>;
  next_cursor: string | null;
};

describe('customers: list and read', () => {
  it('returns a customer with the phone decrypted and nothing encrypted', async () => {
    const customer = await seedCustomer(db, secret, tenant.id, { notes: 'Prefers mornings' });
    const read = await api.get(customers(tenant, `/${customer.id}`), tenant.key);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: customer.id,
      email: customer.email,
      name: customer.name,
      phone: customer.phone,
      notes: 'Prefers mornings',
      tags: [],
      total_appointments: 0,
    });
    expect(JSON.stringify(read.body)).not.toContain('v1.');
    expect(read.body).not.toHaveProperty('phone_encrypted');
  });

  it('pages through every customer exactly once, newest first', async () => {
    const own = await createTenant(api);
    const made: SeededCustomer[] = [];
    // Same created_at for some: the cursor must break ties by id, not skip or repeat.
    for (let i = 0; i < 7; i++) {
      made.push(
        await seedCustomer(db, secret, own.id, {
          created_at: `2030-01-0${1 + Math.floor(i / 2)}T10:00:00.123456Z`,
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : '?limit=3';
      const page = await api.get<Page>(customers(own, query), own.key);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((c) => c.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect(seen.sort()).toEqual(made.map((c) => c.id).sort());
    // Newest first: the last two seeded share the latest day.
    const first = await api.get<Page>(customers(own, '?limit=1'), own.key);
    expect([made[6]!.id]).toContain(first.body.data[0]!.id);
  });

  it('filters by exact email (any case) and by a name or email fragment', async () => {
    const own = await createTenant(api);
    const maria = await seedCustomer(db, secret, own.id, {
      name: 'María 100% Silva',
      email: 'maria.silva@example.com',
    });
    await seedCustomer(db, secret, own.id, { name: 'John Doe', email: 'john@example.org' });
    const byEmail = await api.get<Page>(customers(own, '?email=MARIA.SILVA@example.com'), own.key);
    expect(byEmail.body.data.map((c) => c.id)).toEqual([maria.id]);
    const byName = await api.get<Page>(customers(own, '?q=silva'), own.key);
    expect(byName.body.data.map((c) => c.id)).toEqual([maria.id]);
    const byDomain = await api.get<Page>(customers(own, '?q=example.org'), own.key);
    expect(byDomain.body.data.map((c) => c.name)).toEqual(['John Doe']);
    // `%` is a character, not a wildcard.
    const literal = await api.get<Page>(
      customers(own, `?q=${encodeURIComponent('100%')}`),
      own.key,
    );
    expect(literal.body.data.map((c) => c.id)).toEqual([maria.id]);
    const wildcard = await api.get<Page>(customers(own, `?q=${encodeURIComponent('%')}`), own.key);
    expect(wildcard.body.data.map((c) => c.id)).toEqual([maria.id]);
  });

  it.each([
    ['limit=0', '?limit=0', 'limit'],
    ['limit=101', '?limit=101', 'limit'],
    ['limit=abc', '?limit=abc', 'limit'],
    ['a forged cursor', '?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    [
      'a cursor with a bad instant',
      `?cursor=${Buffer.from('["2030-99-99 10:00:00+00","00000000-0000-4000-8000-000000000000"]').toString('base64url')}`,
      null,
    ],
    ['an unknown filter', '?sort=name', '(root)'],
  ])('rejects %s with 400', async (_name, query, field) => {
    const problem = expectProblem(
      await api.get(customers(tenant, query), tenant.key),
      400,
      'validation_failed',
    );
    if (field) expect(problem.errors?.map((e) => e.path)).toContain(field);
  });
});

describe('customers: update', () => {
  it('updates name, notes and tags, and stores the new phone encrypted', async () => {
    const customer = await seedCustomer(db, secret, tenant.id);
    const updated = await api.put(
      customers(tenant, `/${customer.id}`),
      { name: 'Renamed', phone: '+44 20 7946 0958', notes: 'VIP', tags: ['vip', 'vip', 'color'] },
      tenant.key,
    );
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'Renamed',
      phone: '+44 20 7946 0958',
      notes: 'VIP',
      tags: ['vip', 'color'],
      email: customer.email,
    });
    const stored = await db.query<{ phone_encrypted: string }>(
      'SELECT phone_encrypted FROM booking_customers WHERE id = $1',
      [customer.id],
    );
    const sealed = stored.rows[0]!.phone_encrypted;
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('7946');
    expect(await decryptColumn(secret, 'booking_customers.phone_encrypted', sealed)).toBe(
      '+44 20 7946 0958',
    );
    const cleared = await api.put(
      customers(tenant, `/${customer.id}`),
      { phone: null },
      tenant.key,
    );
    expect(cleared.body).toMatchObject({ phone: null, name: 'Renamed' });
  });

  it.each([
    ['an email change', { email: 'new@example.com' }],
    ['an empty body', {}],
    ['a bad phone', { phone: 'call me' }],
    ['a blank name', { name: '   ' }],
    ['too many tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }],
  ])('rejects %s', async (_name, body) => {
    const customer = await seedCustomer(db, secret, tenant.id);
    expectProblem(
      await api.put(customers(tenant, `/${customer.id}`), body, tenant.key),
      400,
      'validation_failed',
    );
  });
});

describe('customers: export and erase (GDPR)', () => {
  let holdDay = 1;
  async function seedHistory(t: TenantRef, tRefs: typeof refs, customer: SeededCustomer) {
    const linked = await seedAppointment(db, secret, t.id, tRefs, customer, {
      notes: `Hi, this is ${customer.name}`,
      internal_notes: `${customer.name} was late; call ${customer.phone}`,
      answers: { allergies: 'none', contact: customer.email },
    });
    // Booked before the customer row was linked: matched by email, in another case.
    const unlinked = await seedAppointment(
      db,
      secret,
      t.id,
      tRefs,
      { ...customer, email: customer.email.toUpperCase(), customerId: null },
      { start: '2030-04-01T09:00:00Z' },
    );
    const notification = await db.query<{ id: string }>(
      `INSERT INTO booking_notifications (tenant_id, appointment_id, idempotency_key, type, channel,
         recipient_email, payload, subject, message)
       VALUES ($1, $2, $3, 'confirmation', 'email', $4, $5, $6, $7) RETURNING id`,
      [
        t.id,
        linked,
        `confirmation:${linked}`,
        customer.email,
        JSON.stringify({ customer_name: customer.name }),
        `Booked, ${customer.name}`,
        `Dear ${customer.name}`,
      ],
    );
    await db.query(
      `INSERT INTO booking_occupancies (tenant_id, staff_id, kind, status, start_time, end_time,
         blocked_from, blocked_until, expires_at, holder_email, holder_ip)
       VALUES ($1, $2, 'hold', 'held', $4::timestamptz, $4::timestamptz + interval '30 minutes',
         $4::timestamptz, $4::timestamptz + interval '30 minutes', $4::timestamptz, $3, '203.0.113.9')`,
      [
        t.id,
        tRefs.staffId,
        customer.email,
        `2030-06-${String(holdDay++).padStart(2, '0')}T10:00:00Z`,
      ],
    );
    const webhook = await db.query<{ id: string }>(
      `INSERT INTO booking_webhooks (tenant_id, url, secret_encrypted)
       VALUES ($1, 'https://hooks.example/x', 'v1.a.b') RETURNING id`,
      [t.id],
    );
    await db.query(
      `INSERT INTO booking_webhook_deliveries (tenant_id, webhook_id, appointment_id, message_id, event_type, payload)
       VALUES ($1, $2, $3, $4, 'appointment.created', $5)`,
      [
        t.id,
        webhook.rows[0]!.id,
        linked,
        `msg_${linked.slice(0, 8)}`,
        JSON.stringify({ customer: { name: customer.name, email: customer.email } }),
      ],
    );
    await db.query(
      `INSERT INTO idempotency_keys (tenant_id, key, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, 201, $4)`,
      [
        t.id,
        `idem-${linked}`,
        'a'.repeat(64),
        JSON.stringify({
          appointment: { customer_email: customer.email, customer_name: customer.name },
        }),
      ],
    );
    await db.query(
      `INSERT INTO booking_analytics_events (tenant_id, event_type, event_data)
       VALUES ($1, 'booking_completed', $2)`,
      [t.id, JSON.stringify({ email: customer.email })],
    );
    return { linked, unlinked, notification: notification.rows[0]!.id };
  }

  it('exports the customer and all their appointments, phones decrypted', async () => {
    const customer = await seedCustomer(db, secret, tenant.id, { notes: 'Allergic to latex' });
    const { linked, unlinked } = await seedHistory(tenant, refs, customer);
    const stranger = await seedCustomer(db, secret, tenant.id);
    await seedAppointment(db, secret, tenant.id, refs, stranger);

    const exported = await api.get<{
      exported_at: string;
      customer: Record<string, unknown>;
      appointments: Array<Record<string, unknown>>;
    }>(customers(tenant, `/${customer.id}/export`), tenant.key);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.body.customer).toMatchObject({
      id: customer.id,
      email: customer.email,
      name: customer.name,
      phone: customer.phone,
      notes: 'Allergic to latex',
      status: 'active',
    });
    expect(exported.body.appointments.map((a) => a.id)).toEqual([linked, unlinked]);
    expect(exported.body.appointments[0]).toMatchObject({
      customer_name: customer.name,
      customer_phone: customer.phone,
      customer_notes: `Hi, this is ${customer.name}`,
      answers: { allergies: 'none', contact: customer.email },
      start_time: '2030-03-15T13:00:00Z',
      currency: 'USD',
    });
    expect(JSON.stringify(exported.body)).not.toContain(stranger.email);
    expect(JSON.stringify(exported.body)).not.toMatch(/"v1\.[\w-]+\./);
  });

  it('erases the customer: no trace of their email, name or phone in any tenant row', async () => {
    const own = await createTenant(api);
    const ownRefs = {
      serviceId: (await createVia(api, own, 'services', serviceBody())).id,
      staffId: (await createVia(api, own, 'staff', { name: 'Ben' })).id,
    };
    const customer = await seedCustomer(db, secret, own.id, {
      name: 'Zelda Quartermaine',
      email: 'zelda.q@example.net',
      phone: '+1 555 867 5309',
      notes: 'Zelda likes tea',
    });
    const keep = await seedCustomer(db, secret, own.id, {
      name: 'Kept Person',
      email: 'kept@example.net',
    });
    const { linked, unlinked } = await seedHistory(own, ownRefs, customer);
    const kept = await seedHistory(own, ownRefs, keep);
    const needles = [customer.email, customer.name, customer.phone, 'Zelda'];
    // The seed really did spread their details around (or the search below proves nothing).
    const before = await findTenantText(db, own.id, needles);
    expect(new Set(before.map((hit) => hit.table))).toEqual(
      new Set([
        'booking_customers',
        'appointments',
        'booking_notifications',
        'booking_occupancies',
        'booking_webhook_deliveries',
        'idempotency_keys',
        'booking_analytics_events',
      ]),
    );

    expect((await api.delete(customers(own, `/${customer.id}`), own.key)).status).toBe(204);

    expect(await findTenantText(db, own.id, needles)).toEqual([]);
    expectProblem(await api.get(customers(own, `/${customer.id}`), own.key), 404, 'not_found');
    // The business keeps its appointments, anonymised; ciphertexts of the phone are gone too.
    const rows = await db.query(
      `SELECT id, customer_id, customer_name, customer_email, customer_phone_encrypted,
              customer_notes, answers, internal_notes, total_price_cents, status
         FROM appointments WHERE id = ANY($1::uuid[]) ORDER BY start_time`,
      [[linked, unlinked]],
    );
    expect(rows.rows).toEqual([
      {
        id: linked,
        customer_id: null,
        customer_name: 'Erased customer',
        customer_email: `erased+${linked}@invalid`,
        customer_phone_encrypted: null,
        customer_notes: null,
        answers: {},
        internal_notes: null,
        total_price_cents: 3500,
        status: 'confirmed',
      },
      expect.objectContaining({ id: unlinked, customer_email: `erased+${unlinked}@invalid` }),
    ]);
    const holds = await db.query(
      `SELECT holder_email, holder_ip FROM booking_occupancies WHERE tenant_id = $1 AND holder_email IS NULL`,
      [own.id],
    );
    expect(holds.rows).toEqual([{ holder_email: null, holder_ip: null }]);

    // Everyone else is untouched.
    const keptHits = await findTenantText(db, own.id, [keep.email]);
    expect(keptHits.length).toBeGreaterThanOrEqual(7);
    const keptRow = await db.query(
      'SELECT customer_id, customer_name FROM appointments WHERE id = $1',
      [kept.linked],
    );
    expect(keptRow.rows[0]).toEqual({ customer_id: keep.id, customer_name: keep.name });
    expect((await api.get(customers(own, `/${keep.id}`), own.key)).body).toMatchObject({
      phone: keep.phone,
    });
  });

  it('answers 404 for an unknown or already erased customer, and changes nothing', async () => {
    const customer = await seedCustomer(db, secret, tenant.id);
    expect((await api.delete(customers(tenant, `/${customer.id}`), tenant.key)).status).toBe(204);
    expectProblem(
      await api.delete(customers(tenant, `/${customer.id}`), tenant.key),
      404,
      'not_found',
    );
    expectProblem(
      await api.get(customers(tenant, `/${customer.id}/export`), tenant.key),
      404,
      'not_found',
    );
  });
});
