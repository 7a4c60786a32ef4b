import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, expectProblem } from '../support/api.ts';
import { connectDb } from '../support/db.ts';
import { type Business, createBusiness } from '../support/outbox.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/** The Worker as deployed: ENVIRONMENT=production, no dev routes, no private targets. */
let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let business: Business;
let receiver: WebhookReceiver;

beforeAll(async () => {
  stack = await startTestStack({ vars: { ENVIRONMENT: 'production' } });
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  business = await createBusiness(api);
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await db?.end();
  await stack?.destroy();
});

describe('webhooks outside development', () => {
  it.each([
    'http://127.0.0.1:9/hooks',
    'https://127.0.0.1/hooks',
    'https://localhost/hooks',
    'https://10.1.2.3/hooks',
    'https://192.168.0.10/hooks',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://metadata.google.internal/',
    'http://hooks.example.com/plain-http',
  ])('refuses %s as a target', async (url) => {
    const problem = expectProblem(
      await api.post(`/tenants/${business.tenant.id}/webhooks`, { url }, business.tenant.key),
      400,
      'validation_failed',
    );
    expect(problem.errors?.[0]?.path).toBe('url');
  });

  it('accepts a public https target, and refuses moving it to a private one', async () => {
    const created = await api.post<{ id: string }>(
      `/tenants/${business.tenant.id}/webhooks`,
      { url: 'https://hooks.example.com/booksprintz' },
      business.tenant.key,
    );
    expect(created.status).toBe(201);
    expectProblem(
      await api.put(
        `/tenants/${business.tenant.id}/webhooks/${created.body.id}`,
        { url: 'https://127.0.0.1/x' },
        business.tenant.key,
      ),
      400,
      'validation_failed',
    );
  });

  it('refuses to send to a private address at send time too', async () => {
    const created = await api.post<{ id: string }>(
      `/tenants/${business.tenant.id}/webhooks`,
      { url: 'https://hooks.example.com/soon-private' },
      business.tenant.key,
    );
    const webhookId = created.body.id;
    // As if the row had been written before the rule, or by hand: the sender checks again.
    await db.query('UPDATE booking_webhooks SET url = $2 WHERE id = $1', [webhookId, receiver.url]);
    expectProblem(
      await api.post(
        `/tenants/${business.tenant.id}/webhooks/${webhookId}/test`,
        undefined,
        business.tenant.key,
      ),
      400,
      'validation_failed',
    );
    await db.query(
      `INSERT INTO booking_webhook_deliveries
         (tenant_id, webhook_id, message_id, event_type, payload, status, next_retry_at)
       VALUES ($1, $2, 'msg_private', 'appointment.created', '{"type":"appointment.created"}', 'pending', now())`,
      [business.tenant.id, webhookId],
    );
    const cron = await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(cron.status).toBe(200);
    let delivery: { status: string; error_message: string } | undefined;
    for (let i = 0; i < 50 && delivery?.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rows = await db.query(
        `SELECT status, error_message FROM booking_webhook_deliveries WHERE message_id = 'msg_private'`,
      );
      delivery = rows.rows[0];
    }
    expect(delivery).toEqual({ status: 'failed', error_message: 'refused: url must use https' });
    expect(receiver.receipts).toEqual([]);
    const hook = await api.get(
      `/tenants/${business.tenant.id}/webhooks/${webhookId}`,
      business.tenant.key,
    );
    expect(hook.body).toMatchObject({ enabled: false, disabled_reason: 'refused' });
  });

  it('has no development routes', async () => {
    expect((await fetch(`${stack.url}/dev/outbox`)).status).toBe(404);
    expectProblem(await api.post('/dev/deliver', undefined), 404, 'not_found');
    expectProblem(await api.post('/dev/booking-events', {}), 404, 'not_found');
  });
});
