import type pg from 'pg';
import { expect } from 'vitest';
import type { ApiClient } from './api.ts';
import { encryptColumn } from './db.ts';

/** A tenant as the tests hold it: its id, its public slug and its first owner key. */
export interface TenantRef {
  id: string;
  slug: string;
  key: string;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;

/** A valid `POST …/services` body with a fresh slug. */
export function serviceBody(overrides: Record<string, unknown> = {}) {
  const tag = unique();
  return {
    slug: `cut-${tag}`,
    name: `Cut ${tag}`,
    duration_minutes: 30,
    price_cents: 3500,
    ...overrides,
  };
}

export function locationBody(overrides: Record<string, unknown> = {}) {
  return { name: `Studio ${unique()}`, city: 'Lisbon', ...overrides };
}

export function ruleBody(overrides: Record<string, unknown> = {}) {
  return {
    rule_type: 'recurring',
    day_of_week: 1,
    start_time: '09:00',
    end_time: '17:00',
    ...overrides,
  };
}

/** POSTs a body with the tenant's key and returns the created object (asserting 201). */
export async function createVia<T extends { id: string } = { id: string }>(
  api: ApiClient,
  tenant: TenantRef,
  resource: string,
  body: unknown,
  key = tenant.key,
): Promise<T & Record<string, unknown>> {
  const response = await api.post<T & Record<string, unknown>>(
    `/tenants/${tenant.id}/${resource}`,
    body,
    key,
  );
  expect(response.status, `POST ${resource}: ${JSON.stringify(response.body)}`).toBe(201);
  return response.body;
}

/** Opening hours every day of the week (09:00–17:00 unless overridden), for the business or one staff member. */
export async function openEveryDay(
  api: ApiClient,
  tenant: TenantRef,
  overrides: Record<string, unknown> = {},
): Promise<void> {
  for (let day = 0; day < 7; day++) {
    await createVia(
      api,
      tenant,
      'availability-rules',
      ruleBody({ day_of_week: day, ...overrides }),
    );
  }
}

/** Creates an API key of the tenant and returns the key itself and its id. */
export async function createKey(
  api: ApiClient,
  tenant: TenantRef,
  body: { name?: string; role: 'owner' | 'admin' | 'staff'; staff_id?: string },
  key = tenant.key,
): Promise<{ key: string; id: string }> {
  const created = await createVia<{ id: string }>(
    api,
    tenant,
    'api-keys',
    { name: `${body.role} key`, ...body },
    key,
  );
  const { api_key, key: record } = created as unknown as { api_key: string; key: { id: string } };
  return { key: api_key, id: record.id };
}

/** A key of the tenant that has been revoked. */
export async function revokedKey(api: ApiClient, tenant: TenantRef): Promise<string> {
  const { key, id } = await createKey(api, tenant, { role: 'admin' });
  const revoked = await api.delete(`/tenants/${tenant.id}/api-keys/${id}`, tenant.key);
  expect(revoked.status).toBe(204);
  return key;
}

export interface SeededCustomer {
  id: string;
  email: string;
  name: string;
  phone: string;
}

/**
 * Customers come from bookings (issue 5); the admin tests write them straight into the
 * database, with the phone encrypted the way the API stores it.
 */
export async function seedCustomer(
  client: pg.Client,
  secret: string,
  tenantId: string,
  fields: Partial<Omit<SeededCustomer, 'id'>> & { notes?: string; created_at?: string } = {},
): Promise<SeededCustomer> {
  const tag = unique();
  const email = fields.email ?? `client-${tag}@example.com`;
  const name = fields.name ?? `Client ${tag}`;
  const phone = fields.phone ?? `+1555${String(counter).padStart(7, '0')}`;
  const result = await client.query<{ id: string }>(
    `INSERT INTO booking_customers (tenant_id, email, name, phone_encrypted, notes, created_at)
     VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now())) RETURNING id`,
    [
      tenantId,
      email,
      name,
      await encryptColumn(secret, 'booking_customers.phone_encrypted', phone),
      fields.notes ?? null,
      fields.created_at ?? null,
    ],
  );
  return { id: result.rows[0]!.id, email, name, phone };
}

/**
 * An appointment of a customer, inserted directly (bookings are issue 5). The customer's
 * booking count and last appointment move with it, as a booking moves them in the same
 * statement, so screens and exports read a customer whose figures match their history.
 */
export async function seedAppointment(
  client: pg.Client,
  secret: string,
  tenantId: string,
  refs: { serviceId: string; staffId: string },
  customer: SeededCustomer & { customerId?: string | null },
  extra: { start?: string; notes?: string; internal_notes?: string; answers?: object } = {},
): Promise<string> {
  const start = new Date(extra.start ?? '2030-03-15T13:00:00Z');
  const customerId = customer.customerId === undefined ? customer.id : customer.customerId;
  const code = Math.random().toString(36).slice(2, 10).toUpperCase().padEnd(8, 'X');
  const result = await client.query<{ id: string }>(
    `INSERT INTO appointments (tenant_id, service_id, staff_id, customer_id, start_time, end_time,
       duration_minutes, customer_name, customer_email, customer_phone_encrypted, customer_notes,
       answers, internal_notes, confirmation_code, total_price_cents, currency, status, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, 30, $7, $8, $9, $10, $11, $12, $13, 3500, 'USD', 'confirmed', $14)
     RETURNING id`,
    [
      tenantId,
      refs.serviceId,
      refs.staffId,
      customerId,
      start.toISOString(),
      new Date(start.getTime() + 30 * 60_000).toISOString(),
      customer.name,
      customer.email,
      await encryptColumn(secret, 'appointments.customer_phone_encrypted', customer.phone),
      extra.notes ?? null,
      JSON.stringify(extra.answers ?? {}),
      extra.internal_notes ?? null,
      code,
      JSON.stringify({ utm_source: 'newsletter' }),
    ],
  );
  if (customerId) {
    await client.query(
      `UPDATE booking_customers SET total_appointments = total_appointments + 1,
         last_appointment_at = greatest(last_appointment_at, $2::timestamptz)
       WHERE id = $1`,
      [customerId, start.toISOString()],
    );
  }
  return result.rows[0]!.id;
}
