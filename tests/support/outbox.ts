import type pg from 'pg';
import { expect } from 'vitest';
import type { TenantRef } from './admin.ts';
import { createVia, serviceBody } from './admin.ts';
import { type ApiClient, createTenant } from './api.ts';
import { encryptColumn } from './db.ts';

/** A business with one service and one staff member, made through the admin API. */
export interface Business {
  tenant: TenantRef;
  serviceId: string;
  serviceName: string;
  staffId: string;
}

export async function createBusiness(
  api: ApiClient,
  overrides: Record<string, unknown> = {},
  staff: Record<string, unknown> = {},
): Promise<Business> {
  const tenant = await createTenant(api, overrides);
  const service = await createVia<{ id: string; name: string }>(
    api,
    tenant,
    'services',
    serviceBody({ duration_minutes: 60 }),
  );
  const member = await createVia(api, tenant, 'staff', { name: 'Alex Rivera', ...staff });
  return { tenant, serviceId: service.id, serviceName: service.name, staffId: member.id };
}

export interface AppointmentFields {
  start: string;
  minutes?: number;
  status?: 'pending' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';
  locale?: string;
  timezone?: string | null;
  name?: string;
  email?: string;
  phone?: string | null;
  smsOptIn?: boolean;
  requiresApproval?: boolean;
  notes?: string;
}

let counter = 0;

/**
 * Writes a customer and an appointment straight into the database (what the booking
 * path does), phones encrypted under their column labels.
 */
export async function insertAppointment(
  client: pg.Client,
  secret: string,
  business: Business,
  fields: AppointmentFields,
): Promise<string> {
  counter++;
  const email = fields.email ?? `client-${Date.now().toString(36)}-${counter}@example.com`;
  const name = fields.name ?? `Client ${counter}`;
  const phone = fields.phone === undefined ? '+15555550123' : fields.phone;
  const customer = await client.query<{ id: string }>(
    `INSERT INTO booking_customers (tenant_id, email, name, phone_encrypted, sms_opt_in)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      business.tenant.id,
      email,
      name,
      phone ? await encryptColumn(secret, 'booking_customers.phone_encrypted', phone) : null,
      fields.smsOptIn ?? false,
    ],
  );
  const start = new Date(fields.start);
  const end = new Date(start.getTime() + (fields.minutes ?? 60) * 60_000);
  const code = `N${String(counter).padStart(3, '0')}${Math.random().toString(36).slice(2, 6)}`
    .toUpperCase()
    .slice(0, 8)
    .padEnd(8, 'Q');
  const result = await client.query<{ id: string }>(
    `INSERT INTO appointments (tenant_id, service_id, staff_id, customer_id, start_time, end_time,
       duration_minutes, timezone, locale, customer_name, customer_email, customer_phone_encrypted,
       confirmation_code, total_price_cents, currency, status, requires_approval, customer_notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 3500, 'USD', $14, $15, $16)
     RETURNING id`,
    [
      business.tenant.id,
      business.serviceId,
      business.staffId,
      customer.rows[0]?.id,
      start.toISOString(),
      end.toISOString(),
      fields.minutes ?? 60,
      fields.timezone ?? null,
      fields.locale ?? 'en',
      name,
      email,
      phone ? await encryptColumn(secret, 'appointments.customer_phone_encrypted', phone) : null,
      code,
      fields.status ?? 'confirmed',
      fields.requiresApproval ?? false,
      fields.notes ?? null,
    ],
  );
  return result.rows[0]?.id as string;
}

/** Moves an appointment the way a reschedule does: new times, sequence + 1. */
export async function moveAppointment(
  client: pg.Client,
  appointmentId: string,
  start: string,
  minutes = 60,
): Promise<void> {
  const from = new Date(start);
  await client.query(
    `UPDATE appointments SET start_time = $2, end_time = $3, sequence = sequence + 1,
       updated_at = now() WHERE id = $1`,
    [appointmentId, from.toISOString(), new Date(from.getTime() + minutes * 60_000).toISOString()],
  );
}

export async function setStatus(
  client: pg.Client,
  appointmentId: string,
  status: string,
): Promise<void> {
  await client.query(
    `UPDATE appointments SET status = $2::text,
       cancelled_at = CASE WHEN $2::text = 'cancelled' THEN now() END,
       cancelled_by = CASE WHEN $2::text = 'cancelled' THEN 'customer' END
     WHERE id = $1`,
    [appointmentId, status],
  );
}

/** Records a booking event through the development route (the booking path's call). */
export async function recordEvent(
  api: ApiClient,
  business: Business,
  appointmentId: string,
  type: string,
  extra: { previous_start_time?: string; now?: string; deliver?: boolean } = {},
) {
  const response = await api.post('/dev/booking-events', {
    tenant_id: business.tenant.id,
    appointment_id: appointmentId,
    type,
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response;
}

/** Runs the sender with an injected clock. */
export async function deliver(api: ApiClient, now?: Date | string) {
  const at = now === undefined ? '' : `?now=${encodeURIComponent(new Date(now).toISOString())}`;
  const response = await api.post<{ sent: number; failed: number }>(`/dev/deliver${at}`, undefined);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

export interface OutboxRow {
  id: string;
  type: string;
  channel: string;
  status: string;
  recipient_email: string | null;
  subject: string | null;
  message: string | null;
  scheduled_for: Date;
  next_attempt_at: Date;
  attempts: number;
  last_error: string | null;
  idempotency_key: string;
  payload: Record<string, unknown>;
}

export async function outboxOf(client: pg.Client, appointmentId: string): Promise<OutboxRow[]> {
  const result = await client.query<OutboxRow>(
    `SELECT * FROM booking_notifications WHERE appointment_id = $1
      ORDER BY scheduled_for, type, channel, recipient_email`,
    [appointmentId],
  );
  return result.rows;
}
