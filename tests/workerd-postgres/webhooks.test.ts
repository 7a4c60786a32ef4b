import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../support/admin.ts';
import { type ApiClient, apiClient, expectProblem } from '../support/api.ts';
import { connectDb, encryptionKey } from '../support/db.ts';
import {
  type Business,
  createBusiness,
  deliver,
  insertAppointment,
  moveAppointment,
  recordEvent,
  setStatus,
} from '../support/outbox.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let secret: string;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  secret = await encryptionKey(stack.dataDir);
});

afterAll(async () => {
  for (const receiver of receivers) await receiver.close();
  await db?.end();
  await stack?.destroy();
});

/** The Standard Webhooks schedule: waits after failed attempts 1…7, in seconds. */
const SCHEDULE_S = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

interface Delivery {
  id: string;
  message_id: string;
  event_type: string;
  appointment_id: string | null;
  status: string;
  attempts: number;
  http_status_code: number | null;
  next_retry_at: string | null;
  last_attempt_at: string | null;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  attempt_log: Array<{
    attempt: number;
    at: string;
    http_status_code: number | null;
    error: string | null;
  }>;
}

async function receiverFor(business: Business, body: Record<string, unknown> = {}) {
  const receiver = await startWebhookReceiver();
  receivers.push(receiver);
  const created = await api.post<{ id: string; secret: string }>(
    `/tenants/${business.tenant.id}/webhooks`,
    { url: receiver.url, ...body },
    business.tenant.key,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  receiver.secret = created.body.secret;
  return { receiver, webhookId: created.body.id };
}

async function deliveries(business: Business, webhookId: string, query = ''): Promise<Delivery[]> {
  const response = await api.get<{ data: Delivery[] }>(
    `/tenants/${business.tenant.id}/webhooks/${webhookId}/deliveries${query}`,
    business.tenant.key,
  );
  expect(response.status).toBe(200);
  return response.body.data;
}

async function webhookOf(business: Business, webhookId: string) {
  const response = await api.get<Record<string, unknown>>(
    `/tenants/${business.tenant.id}/webhooks/${webhookId}`,
    business.tenant.key,
  );
  return response.body;
}

const seconds = (from: string | Date, to: string | null) =>
  (Date.parse(to ?? '') - new Date(from).getTime()) / 1000;

/**
 * The API gives instants in whole seconds (rounded down), so the real moment a retry is
 * due can be up to a second after the one shown: step the clock to the next second.
 */
const dueAt = (instant: string | null) => new Date(Date.parse(instant ?? '') + 1000);

describe('webhook endpoints (admin API)', () => {
  it('creates an endpoint and shows its whsec_ secret once, stored encrypted', async () => {
    const business = await createBusiness(api);
    const base = `/tenants/${business.tenant.id}/webhooks`;
    const created = await api.post<Record<string, unknown>>(
      base,
      { url: 'https://hooks.example.com/in', events: ['appointment.created'], description: 'CRM' },
      business.tenant.key,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://hooks.example.com/in',
      events: ['appointment.created'],
      enabled: true,
      description: 'CRM',
      failure_count: 0,
      disabled_reason: null,
    });
    const whsec = created.body.secret as string;
    expect(whsec).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const id = created.body.id as string;

    const list = await api.get<{ data: Array<Record<string, unknown>> }>(base, business.tenant.key);
    expect(list.body.data.map((hook) => hook.id)).toEqual([id]);
    expect(JSON.stringify(list.body)).not.toContain(whsec.slice(6));
    expect(
      JSON.stringify((await api.get(`${base}/${id}`, business.tenant.key)).body),
    ).not.toContain('secret');
    const stored = await db.query('SELECT * FROM booking_webhooks WHERE id = $1', [id]);
    expect(JSON.stringify(stored.rows)).not.toContain(whsec.slice(6));

    const all = await api.post<{ events: string[] }>(
      base,
      { url: 'https://b.example.com/' },
      business.tenant.key,
    );
    expect(all.body.events).toHaveLength(6);

    const updated = await api.put(
      `${base}/${id}`,
      { events: ['appointment.cancelled'], enabled: false },
      business.tenant.key,
    );
    expect(updated.body).toMatchObject({ events: ['appointment.cancelled'], enabled: false });
    expect((await api.delete(`${base}/${id}`, business.tenant.key)).status).toBe(204);
    expectProblem(await api.get(`${base}/${id}`, business.tenant.key), 404, 'not_found');
  });

  it.each([
    ['no url', {}],
    ['not a url', { url: 'hooks' }],
    ['ftp', { url: 'ftp://example.com/x' }],
    ['credentials in the url', { url: 'https://user:pw@example.com/x' }],
    ['unknown event', { url: 'https://a.example.com/', events: ['appointment.exploded'] }],
    ['no events', { url: 'https://a.example.com/', events: [] }],
    ['unknown field', { url: 'https://a.example.com/', secret: 'whsec_mine' }],
  ])('refuses %s with 400', async (_name, body) => {
    const business = await createBusiness(api);
    expectProblem(
      await api.post(`/tenants/${business.tenant.id}/webhooks`, body, business.tenant.key),
      400,
      'validation_failed',
    );
  });

  it("answers another tenant's key with 404 and a staff key with 403", async () => {
    const owner = await createBusiness(api);
    const other = await createBusiness(api);
    const { webhookId } = await receiverFor(owner);
    const base = `/tenants/${owner.tenant.id}/webhooks`;
    const foreign = other.tenant.key;
    expectProblem(await api.get(base, foreign), 404, 'not_found');
    expectProblem(await api.get(`${base}/${webhookId}`, foreign), 404, 'not_found');
    expectProblem(
      await api.put(`${base}/${webhookId}`, { enabled: false }, foreign),
      404,
      'not_found',
    );
    expectProblem(await api.delete(`${base}/${webhookId}`, foreign), 404, 'not_found');
    expectProblem(await api.get(`${base}/${webhookId}/deliveries`, foreign), 404, 'not_found');
    expectProblem(await api.post(`${base}/${webhookId}/test`, {}, foreign), 404, 'not_found');
    // Another tenant's endpoint id under one's own tenant is unknown too.
    expectProblem(
      await api.get(`/tenants/${other.tenant.id}/webhooks/${webhookId}`, foreign),
      404,
      'not_found',
    );
    const staff = await createKey(api, owner.tenant, { role: 'staff', staff_id: owner.staffId });
    expectProblem(await api.get(base, staff.key), 403, 'forbidden');
    expectProblem(
      await api.post(base, { url: 'https://x.example.com/' }, staff.key),
      403,
      'forbidden',
    );
  });

  it('sends a signed test event on request and logs it', async () => {
    const business = await createBusiness(api);
    const { receiver, webhookId } = await receiverFor(business);
    const response = await api.post<Delivery>(
      `/tenants/${business.tenant.id}/webhooks/${webhookId}/test`,
      undefined,
      business.tenant.key,
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      event_type: 'webhook.test',
      status: 'delivered',
      http_status_code: 204,
      attempts: 1,
    });
    expect(response.body.attempt_log).toHaveLength(1);
    const [receipt] = receiver.receipts;
    expect(receipt?.verified).toBe(true);
    expect(receipt?.id).toBe(response.body.message_id);
    expect(receipt?.event?.type).toBe('webhook.test');
    expect((await deliveries(business, webhookId)).map((d) => d.id)).toEqual([response.body.id]);
  });
});

describe('appointment events', () => {
  it('go, signed, to enabled endpoints subscribed to them, as {type, timestamp, data}', async () => {
    const business = await createBusiness(api);
    const all = await receiverFor(business);
    const cancelsOnly = await receiverFor(business, { events: ['appointment.cancelled'] });
    const off = await receiverFor(business, { enabled: false });
    const id = await insertAppointment(db, secret, business, { start: '2027-09-01T14:00:00Z' });
    await recordEvent(api, business, id, 'appointment.created');
    await setStatus(db, id, 'cancelled');
    await recordEvent(api, business, id, 'appointment.cancelled');
    await deliver(api);

    expect(all.receiver.receipts.map((r) => [r.verified, r.event?.type])).toEqual([
      [true, 'appointment.created'],
      [true, 'appointment.cancelled'],
    ]);
    expect(cancelsOnly.receiver.receipts.map((r) => r.event?.type)).toEqual([
      'appointment.cancelled',
    ]);
    expect(off.receiver.receipts).toEqual([]);
    // One message id per event, shared by every endpoint that gets it.
    expect(cancelsOnly.receiver.receipts[0]?.id).toBe(all.receiver.receipts[1]?.id);

    const created = JSON.parse(all.receiver.receipts[0]?.body ?? '{}');
    expect(Object.keys(created)).toEqual(['type', 'timestamp', 'data']);
    expect(created.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.data).toMatchObject({
      tenant_id: business.tenant.id,
      appointment: {
        id,
        status: 'confirmed',
        start_time: '2027-09-01T14:00:00Z',
        service_id: business.serviceId,
        staff_id: business.staffId,
        sequence: 0,
      },
    });
    expect(JSON.stringify(created)).not.toContain('phone');
  });

  it('arrive in order, exactly once, after the receiver was down, on the retry schedule', async () => {
    const business = await createBusiness(api);
    const { receiver, webhookId } = await receiverFor(business);
    await receiver.down();

    const a1 = await insertAppointment(db, secret, business, { start: '2027-10-04T14:00:00Z' });
    const a2 = await insertAppointment(db, secret, business, { start: '2027-10-05T14:00:00Z' });
    await recordEvent(api, business, a1, 'appointment.created');
    await recordEvent(api, business, a2, 'appointment.created');
    await moveAppointment(db, a1, '2027-10-06T14:00:00Z');
    await recordEvent(api, business, a1, 'appointment.rescheduled', {
      previous_start_time: '2027-10-04T14:00:00Z',
    });
    await setStatus(db, a1, 'cancelled');
    await recordEvent(api, business, a1, 'appointment.cancelled');
    await setStatus(db, a2, 'completed');
    await recordEvent(api, business, a2, 'appointment.completed');

    const heads = async () =>
      (await deliveries(business, webhookId)).filter((d) => d.event_type === 'appointment.created');

    // Five failed attempts while the receiver is down, each on the schedule (+0…10 % jitter).
    let now = new Date();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await deliver(api, now);
      const current = await heads();
      expect(current).toHaveLength(2);
      for (const head of current) {
        expect(head).toMatchObject({ status: 'pending', attempts: attempt });
        const wait = seconds(now, head.next_retry_at);
        const expected = SCHEDULE_S[attempt - 1] as number;
        expect(wait).toBeGreaterThanOrEqual(expected - 1);
        expect(wait).toBeLessThanOrEqual(expected * 1.1 + 0.001);
      }
      // Just before the earliest retry is due, nothing is attempted.
      const due = Math.min(...current.map((d) => Date.parse(d.next_retry_at as string)));
      await deliver(api, new Date(due - 500));
      expect((await heads()).map((d) => d.attempts)).toEqual([attempt, attempt]);
      now = new Date(Math.max(...current.map((d) => dueAt(d.next_retry_at).getTime())));
    }
    // Later events of an appointment wait behind its first: none was attempted yet.
    const waiting = (await deliveries(business, webhookId)).filter(
      (d) => d.event_type !== 'appointment.created',
    );
    expect(waiting.map((d) => d.attempts)).toEqual([0, 0, 0]);
    // Nor is any of them due before the message it waits for: claims read only what is
    // due, and a backlog behind a failing message stays out of their way.
    const firsts = await heads();
    for (const later of waiting) {
      const first = firsts.find((d) => d.appointment_id === later.appointment_id);
      expect(Date.parse(later.next_retry_at ?? '')).toBeGreaterThanOrEqual(
        Date.parse(first?.next_retry_at ?? ''),
      );
    }
    expect(receiver.receipts).toEqual([]);

    // The receiver comes back. It processes the reschedule but answers 500 the first
    // time, so that message arrives twice and must be de-duplicated by webhook-id.
    let failedOnce = false;
    receiver.respond = (receipt) => {
      if (receipt.event?.type === 'appointment.rescheduled' && !failedOnce) {
        failedOnce = true;
        return { status: 500 };
      }
      return { status: 204 };
    };
    await receiver.up();
    await deliver(api, now);
    // Both first events, then the completion behind one; the reschedule failed once,
    // and the cancellation still waits behind it.
    expect(receiver.receipts.map((r) => r.event?.type).sort()).toEqual([
      'appointment.completed',
      'appointment.created',
      'appointment.created',
      'appointment.rescheduled',
    ]);
    await deliver(api, new Date(now.getTime() + 5_500));

    const all = await deliveries(business, webhookId);
    expect(all.every((d) => d.status === 'delivered')).toBe(true);
    expect(receiver.receipts.every((r) => r.verified)).toBe(true);
    const unique = receiver.unique();
    expect(unique).toHaveLength(5);
    expect(receiver.receipts).toHaveLength(6);
    const order = (appointmentId: string) =>
      unique
        .filter(
          (r) => (r.event?.data.appointment as { id?: string } | undefined)?.id === appointmentId,
        )
        .map((r) => r.event?.type);
    expect(order(a1)).toEqual([
      'appointment.created',
      'appointment.rescheduled',
      'appointment.cancelled',
    ]);
    expect(order(a2)).toEqual(['appointment.created', 'appointment.completed']);
    const rescheduled = unique.find((r) => r.event?.type === 'appointment.rescheduled');
    expect(rescheduled?.event?.data.previous_start_time).toBe('2027-10-04T14:00:00Z');

    // Every attempt is in the log the admin API lists.
    const a1Created = all.find(
      (d) => d.appointment_id === a1 && d.event_type === 'appointment.created',
    );
    expect(a1Created?.attempt_log.map((entry) => entry.http_status_code)).toEqual([
      null,
      null,
      null,
      null,
      null,
      204,
    ]);
    const attempts = all.reduce((sum, d) => sum + d.attempts, 0);
    console.log(
      `RECEIVER-DOWN attempts=${attempts} delivered=${unique.length} received=${receiver.receipts.length} duplicates=${receiver.receipts.length - unique.length}`,
    );
    expect(attempts).toBe(2 * 6 + 2 + 1 + 1);
    expect(await webhookOf(business, webhookId)).toMatchObject({ enabled: true, failure_count: 0 });
  });

  it('honour Retry-After', async () => {
    const business = await createBusiness(api);
    const { receiver, webhookId } = await receiverFor(business);
    receiver.respond = () => ({ status: 429, headers: { 'retry-after': '7200' } });
    const id = await insertAppointment(db, secret, business, { start: '2027-10-10T14:00:00Z' });
    await recordEvent(api, business, id, 'appointment.created');
    const now = new Date();
    await deliver(api, now);
    const [delivery] = await deliveries(business, webhookId);
    expect(delivery).toMatchObject({ status: 'pending', http_status_code: 429, attempts: 1 });
    const wait = seconds(now, delivery?.next_retry_at ?? null);
    expect(wait).toBeGreaterThan(7199);
    expect(wait).toBeLessThanOrEqual(7200);
    receiver.respond = () => ({ status: 204 });
    await deliver(api, new Date(now.getTime() + 7_200_000));
    expect((await deliveries(business, webhookId))[0]?.status).toBe('delivered');
  });

  it('stop at a 410: the endpoint is disabled and the business is told', async () => {
    const business = await createBusiness(api, { email: 'gone-owner@example.com' });
    const { receiver, webhookId } = await receiverFor(business);
    receiver.respond = () => ({ status: 410 });
    const id = await insertAppointment(db, secret, business, { start: '2027-10-11T14:00:00Z' });
    await recordEvent(api, business, id, 'appointment.created');
    await setStatus(db, id, 'cancelled');
    await recordEvent(api, business, id, 'appointment.cancelled');
    await deliver(api);
    expect(receiver.receipts).toHaveLength(1);
    expect(await webhookOf(business, webhookId)).toMatchObject({
      enabled: false,
      disabled_reason: 'gone',
    });
    const statuses = (await deliveries(business, webhookId)).map((d) => [d.event_type, d.status]);
    expect(statuses).toEqual([
      ['appointment.cancelled', 'failed'],
      ['appointment.created', 'failed'],
    ]);
    const notice = await db.query(
      `SELECT recipient_email, subject, message, status FROM booking_notifications
        WHERE tenant_id = $1 AND type = 'webhook_disabled'`,
      [business.tenant.id],
    );
    expect(notice.rows).toHaveLength(1);
    expect(notice.rows[0]).toMatchObject({
      recipient_email: 'gone-owner@example.com',
      subject: 'A webhook endpoint was disabled',
      status: 'sent',
    });
    expect(notice.rows[0].message).toContain('410 Gone');

    // Enabling it again clears the reason; new events flow, the failed ones stay failed.
    receiver.respond = () => ({ status: 204 });
    const enabled = await api.put(
      `/tenants/${business.tenant.id}/webhooks/${webhookId}`,
      { enabled: true },
      business.tenant.key,
    );
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, disabled_at: null });
    const next = await insertAppointment(db, secret, business, { start: '2027-10-12T14:00:00Z' });
    await recordEvent(api, business, next, 'appointment.created');
    await deliver(api);
    expect(receiver.receipts.at(-1)?.event?.type).toBe('appointment.created');
    expect(receiver.receipts).toHaveLength(2);
  });

  it('give up after the last retry, disabling an endpoint that failed for the whole schedule', async () => {
    const business = await createBusiness(api, { email: 'failing-owner@example.com' });
    const { receiver, webhookId } = await receiverFor(business);
    receiver.respond = () => ({ status: 500 });
    const id = await insertAppointment(db, secret, business, { start: '2027-10-13T14:00:00Z' });
    await recordEvent(api, business, id, 'appointment.created');
    let now = new Date();
    for (let attempt = 1; attempt <= 8; attempt++) {
      await deliver(api, now);
      const [delivery] = await deliveries(business, webhookId);
      expect(delivery?.attempts).toBe(attempt);
      if (attempt < 8) now = dueAt(delivery?.next_retry_at ?? null);
    }
    const [delivery] = await deliveries(business, webhookId);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, next_retry_at: null });
    expect(delivery?.attempt_log.map((entry) => entry.http_status_code)).toEqual(
      Array(8).fill(500),
    );
    const gaps = delivery?.attempt_log
      .slice(1)
      .map((entry, i) => seconds(delivery.attempt_log[i]?.at as string, entry.at));
    gaps?.forEach((gap, i) => {
      // Logged instants are whole seconds and the clock steps to the next whole second.
      expect(gap).toBeGreaterThanOrEqual((SCHEDULE_S[i] as number) - 1);
      expect(gap).toBeLessThanOrEqual((SCHEDULE_S[i] as number) * 1.1 + 2);
    });
    expect(receiver.receipts).toHaveLength(8);
    expect(await webhookOf(business, webhookId)).toMatchObject({
      enabled: false,
      disabled_reason: 'failing',
      failure_count: 8,
    });
    const notice = await db.query(
      `SELECT recipient_email FROM booking_notifications WHERE tenant_id = $1 AND type = 'webhook_disabled'`,
      [business.tenant.id],
    );
    expect(notice.rows).toEqual([{ recipient_email: 'failing-owner@example.com' }]);
    // A disabled endpoint gets no new deliveries queued.
    await recordEvent(api, business, id, 'appointment.confirmed');
    expect(await deliveries(business, webhookId)).toHaveLength(1);
  });

  it('page through deliveries with a cursor', async () => {
    const business = await createBusiness(api);
    const { webhookId } = await receiverFor(business);
    for (let i = 0; i < 5; i++) {
      await api.post(
        `/tenants/${business.tenant.id}/webhooks/${webhookId}/test`,
        undefined,
        business.tenant.key,
      );
    }
    const base = `/tenants/${business.tenant.id}/webhooks/${webhookId}/deliveries`;
    const first = await api.get<{ data: Delivery[]; next_cursor: string }>(
      `${base}?limit=2`,
      business.tenant.key,
    );
    expect(first.body.data).toHaveLength(2);
    const second = await api.get<{ data: Delivery[]; next_cursor: string }>(
      `${base}?limit=2&cursor=${first.body.next_cursor}`,
      business.tenant.key,
    );
    const third = await api.get<{ data: Delivery[]; next_cursor: string | null }>(
      `${base}?limit=2&cursor=${second.body.next_cursor}`,
      business.tenant.key,
    );
    const ids = [...first.body.data, ...second.body.data, ...third.body.data].map((d) => d.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.body.next_cursor).toBeNull();
    expectProblem(
      await api.get(`${base}?cursor=nonsense`, business.tenant.key),
      400,
      'validation_failed',
    );
    expectProblem(
      await api.get(`${base}?status=lost`, business.tenant.key),
      400,
      'validation_failed',
    );
  });
});
