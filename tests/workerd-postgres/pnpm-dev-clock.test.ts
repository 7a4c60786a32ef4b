import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@booksprintz/dev-stack';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api.ts';
import { connectDb, encryptionKey } from '../support/db.ts';
import { type DevRun, startDev, stopWith } from '../support/dev-process.ts';
import {
  type Business,
  createBusiness,
  insertAppointment,
  recordEvent,
} from '../support/outbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * `pnpm dev` keeps its own clock: `wrangler dev` never fires the cron trigger, so the
 * runner ticks the Worker's scheduled handler (every minute; BOOKSPRINTZ_TICK_MS makes
 * it faster here). Nothing below sends a request that would deliver by itself: only
 * the ticks can make these messages go out.
 */
let dataDir: string;
let run: DevRun;
let port: number;
let api: ApiClient;
let db: pg.Client;
let secret: string;
let business: Business;
let receiver: WebhookReceiver;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-dev-clock-'));
  port = await freePort();
  run = startDev(port, dataDir, { BOOKSPRINTZ_TICK_MS: '500' });
  await run.ready;
  api = apiClient(`http://127.0.0.1:${port}`);
  const databaseUrl = /^Database: (postgres:\S+)/m.exec(run.output())?.[1];
  db = await connectDb(databaseUrl as string);
  secret = await encryptionKey(dataDir);
  business = await createBusiness(api, { email: 'owner@clock.example' });
  receiver = await startWebhookReceiver();
  const created = await api.post<{ id: string; secret: string }>(
    `/tenants/${business.tenant.id}/webhooks`,
    { url: receiver.url },
    business.tenant.key,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  receiver.secret = created.body.secret;
}, 120_000);

afterAll(async () => {
  await db?.end();
  if (run) await stopWith(run, 'SIGINT');
  await receiver?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Polls until `check` returns a value; a bounded number of tries, no timing asserted. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`never happened: ${what}\n--- pnpm dev output ---\n${run.output()}`);
}

describe('pnpm dev keeps its own clock', () => {
  it('sends a reminder that comes due while it runs, with a link to this stack', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const id = await insertAppointment(db, secret, business, {
      start: start.toISOString(),
      email: 'reminded@example.com',
    });
    await recordEvent(api, business, id, 'appointment.created', { deliver: false });
    // As if two days had passed: the customer's reminders are due now.
    const due = await db.query(
      `UPDATE booking_notifications SET scheduled_for = now(), next_attempt_at = now()
        WHERE appointment_id = $1 AND type = 'reminder' AND status = 'pending' RETURNING id`,
      [id],
    );
    expect(due.rowCount).toBeGreaterThan(0);

    const sent = await eventually(async () => {
      const rows = await db.query<{ status: string; message: string | null }>(
        `SELECT status, message FROM booking_notifications
          WHERE appointment_id = $1 AND type = 'reminder' AND recipient_email = 'reminded@example.com'
            AND channel = 'email'`,
        [id],
      );
      const all = rows.rows;
      return all.length > 0 && all.every((row) => row.status === 'sent') ? all : undefined;
    }, 'the reminder went out');
    expect(sent.length).toBeGreaterThan(0);
    // PUBLIC_BASE_URL is the dev origin, so the customer's message links back here.
    expect(sent[0]?.message).toContain(`http://127.0.0.1:${port}/`);
  }, 120_000);

  it('retries an outgoing webhook that failed once, on schedule', async () => {
    const id = await insertAppointment(db, secret, business, {
      start: new Date(Date.now() + 4 * 86_400_000).toISOString(),
    });
    const ours = () =>
      receiver.receipts.filter(
        (receipt) => (receipt.event?.data.appointment as { id?: string } | undefined)?.id === id,
      );
    // The receiver fails the first attempt for this appointment, then accepts.
    receiver.respond = () => (ours().length === 1 ? { status: 500 } : { status: 204 });
    await recordEvent(api, business, id, 'appointment.created', { deliver: false });

    const receipts = await eventually(
      async () => (ours().length >= 2 ? ours() : undefined),
      'the webhook was tried twice',
    );
    expect(receipts.every((receipt) => receipt.verified)).toBe(true);
    expect(new Set(receipts.map((receipt) => receipt.id)).size).toBe(1);
    const delivery = await eventually(async () => {
      const rows = await db.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM booking_webhook_deliveries WHERE appointment_id = $1`,
        [id],
      );
      return rows.rows[0]?.status === 'delivered' ? rows.rows[0] : undefined;
    }, 'the delivery was recorded');
    expect(delivery).toEqual({ status: 'delivered', attempts: 2 });
  }, 120_000);

  it('logs no connection errors for connections that closed normally', () => {
    // Dozens of ticks and writes have run by now, each opening and closing connections.
    expect(run.output()).toMatch(/Scheduled work .* runs every 500 ms/);
    expect(run.output()).not.toContain('Network connection lost');
    expect(run.output()).not.toContain('Scheduled Workers are not automatically triggered');
  });
});
