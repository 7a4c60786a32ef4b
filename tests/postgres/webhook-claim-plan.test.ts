/**
 * Claiming due webhook deliveries with an endpoint's backlog (issue 21, fourteenth pass).
 * The claim takes only the oldest pending delivery of each endpoint and appointment, so
 * what waits behind a failing delivery must not stand at the front of the due order:
 * before, every waiting delivery kept the time it was queued, and each claim read all of
 * them and turned them away (a hash anti-join over every pending delivery, 30 ms at 6,000).
 * The sender's chain rules (features/webhooks/deliveries.ts) keep a waiting delivery due
 * no earlier than those ahead of it, and the chain index makes the order check a probe.
 *
 * Here the backlog is built through the sender's own functions: 1,000 appointments whose
 * first message failed while the endpoint was down, each with two later messages queued
 * behind it, one before the failure and one after, and history already delivered. Ten
 * retries are due. The claim takes exactly those ten, and its plan reads the ten and what
 * waits behind them, not the backlog.
 */
import { claimDueWebhookDeliveries } from '@booksprintz/api/db/outbox-claims';
import type { BookingWebhookDelivery } from '@booksprintz/api/db/schema';
import { TenantDb } from '@booksprintz/api/db/tenant-db';
import {
  holdChainBehind,
  queueWebhookDeliveries,
  releaseChainAfter,
} from '@booksprintz/api/features/webhooks/deliveries';
import type { WebhookEvent } from '@booksprintz/shared';
import { describe, expect, it } from 'vitest';
import { plansOf } from './plans.ts';
import { createService, createStaff, createTenant, migratedDatabase } from './setup.ts';

const postgres = migratedDatabase();

const NOW = new Date('2027-03-01T12:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const APPOINTMENTS = 1000;
const DUE = 10;

describe('claiming due webhook deliveries', () => {
  it('reads the due retries and what waits behind them, not the backlog', async () => {
    const { client, db } = postgres;
    const tenant = await createTenant(db);
    const staff = await createStaff(db, tenant.id);
    const service = await createService(db, tenant.id);
    const tdb = new TenantDb(db as unknown as ConstructorParameters<typeof TenantDb>[0], tenant.id);
    const webhookId = (
      await client.query<{ id: string }>(
        `INSERT INTO booking_webhooks (tenant_id, url, secret_encrypted, events)
         VALUES ($1, 'https://receiver.example/hooks', 'sealed',
           array['appointment.created', 'appointment.rescheduled', 'appointment.cancelled'])
         RETURNING id`,
        [tenant.id],
      )
    ).rows[0]!.id;
    const appointmentIds = (
      await client.query<{ id: string }>(
        `INSERT INTO appointments (tenant_id, service_id, staff_id, start_time, end_time,
           duration_minutes, timezone, customer_name, confirmation_code, total_price_cents,
           currency, status)
         SELECT $1, $2, $3, t, t + interval '30 minutes', 30, 'UTC', 'Customer ' || i,
           lpad(i::text, 8, '0'), 3500, 'USD', 'confirmed'
         FROM generate_series(1, ${APPOINTMENTS}) AS i,
           LATERAL (SELECT $4::timestamptz + i * interval '1 hour' AS t) x
         ORDER BY i
         RETURNING id`,
        [tenant.id, service.id, staff.id, minutes(60 * 24)],
      )
    ).rows.map((row) => row.id);
    // History: twenty messages delivered for each appointment.
    await client.query(
      `INSERT INTO booking_webhook_deliveries (tenant_id, webhook_id, appointment_id,
         message_id, event_type, payload, status, attempts, delivered_at, created_at)
       SELECT $1, $2, a, 'msg_old_' || a || '_' || n, 'appointment.created', '{}', 'delivered',
         1, now() - interval '2 days', now() - interval '2 days'
       FROM unnest($3::uuid[]) AS a, generate_series(1, 20) AS n`,
      [tenant.id, webhookId, appointmentIds],
    );
    // Each appointment's first message, queued as a booking queues it, due an hour ago.
    const heads = (
      await client.query<BookingWebhookDelivery>(
        `INSERT INTO booking_webhook_deliveries (tenant_id, webhook_id, appointment_id,
           message_id, event_type, payload, status, next_retry_at, created_at)
         SELECT $1, $2, a, 'msg_created_' || a, 'appointment.created', '{}', 'pending',
           $4, now() - interval '1 hour'
         FROM unnest($3::uuid[]) AS a
         RETURNING *`,
        [tenant.id, webhookId, appointmentIds, minutes(-60)],
      )
    ).rows;
    const event = (type: WebhookEvent['type']) =>
      ({ type, timestamp: NOW.toISOString(), data: {} }) as unknown as WebhookEvent;

    // A reschedule of each appointment is queued while its first message is still due.
    for (const appointmentId of appointmentIds) {
      await queueWebhookDeliveries(
        tdb,
        'appointment.rescheduled',
        appointmentId,
        event('appointment.rescheduled'),
        minutes(-30),
      );
    }
    // The endpoint is down: each first message failed and is retried later, the first
    // ten a minute ago (due now), the rest over the next three hours.
    const retryOf = (i: number) => (i < DUE ? minutes(-1) : minutes(1 + (i % 180)));
    for (const [i, head] of heads.entries()) {
      await client.query(
        `UPDATE booking_webhook_deliveries SET attempts = 1, next_retry_at = $2 WHERE id = $1`,
        [head.id, retryOf(i)],
      );
      await holdChainBehind(tdb, head, retryOf(i));
    }
    // A cancellation of each appointment is queued after its first message failed.
    for (const appointmentId of appointmentIds) {
      await queueWebhookDeliveries(
        tdb,
        'appointment.cancelled',
        appointmentId,
        event('appointment.cancelled'),
        minutes(-10),
      );
    }
    // As autovacuum leaves a table this busy: the index entries of the rows' old
    // versions (each retry and hold moved a row) cleaned up.
    await client.query('VACUUM ANALYZE booking_webhook_deliveries');

    // Along every chain, no pending delivery is due before one ahead of it.
    const { rows: early } = await client.query(
      `SELECT id FROM (
         SELECT id, next_retry_at, max(next_retry_at) OVER (PARTITION BY webhook_id,
           appointment_id ORDER BY created_at, id) AS held_until
         FROM booking_webhook_deliveries WHERE status = 'pending') chain
       WHERE next_retry_at < held_until`,
    );
    expect(early).toEqual([]);
    const waiting = await client.query<{ event_type: string; next_retry_at: Date }>(
      `SELECT event_type, next_retry_at FROM booking_webhook_deliveries
       WHERE appointment_id = $1 AND status = 'pending' ORDER BY created_at`,
      [appointmentIds[DUE]],
    );
    expect(waiting.rows.map((row) => [row.event_type, row.next_retry_at.getTime()])).toEqual([
      ['appointment.created', retryOf(DUE).getTime()],
      ['appointment.rescheduled', retryOf(DUE).getTime()],
      ['appointment.cancelled', retryOf(DUE).getTime()],
    ]);

    const leaseUntil = minutes(2);
    const { result: claimed, plans } = await plansOf(client, () =>
      claimDueWebhookDeliveries(db as never, NOW, leaseUntil, 20),
    );
    expect(claimed.map((row) => row.id).sort()).toEqual(
      heads
        .slice(0, DUE)
        .map((head) => head.id)
        .sort(),
    );
    const nodes = plans.flat();
    // The due index's scan read the ten due retries and the two messages behind each
    // (all due a minute ago), not the 2,000 waiting behind the others.
    const scans = nodes.filter(
      (node) => node['Index Name'] === 'booking_webhook_deliveries_due_idx',
    );
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      expect(
        (scan['Actual Rows'] ?? 0) + (scan['Rows Removed by Filter'] ?? 0),
      ).toBeLessThanOrEqual(3 * DUE);
    }
    // The order check probes the chain index for each candidate; nothing reads the
    // deliveries whole or hashes every pending one. (The one-row endpoints table may be
    // read either way.)
    expect(
      nodes.some((node) => node['Index Name'] === 'booking_webhook_deliveries_chain_idx'),
    ).toBe(true);
    for (const node of nodes) {
      expect(node['Node Type']).not.toBe('Hash Anti Join');
      if (node['Relation Name'] === 'booking_webhook_deliveries') {
        expect(node['Node Type']).not.toBe('Seq Scan');
      }
    }

    // While the first of them is being sent, another change to its appointment is
    // queued: it waits for the lease. Delivering each message releases the next in
    // line, so the three behind it go in order, each in the claim after the one before.
    const [first] = claimed;
    const appointmentId = first!.appointment_id!;
    await queueWebhookDeliveries(
      tdb,
      'appointment.rescheduled',
      appointmentId,
      event('appointment.rescheduled'),
      NOW,
    );
    const lastQueued = await client.query<{ next_retry_at: Date }>(
      `SELECT next_retry_at FROM booking_webhook_deliveries
       WHERE appointment_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [appointmentId],
    );
    expect(lastQueued.rows[0]!.next_retry_at.getTime()).toBe(leaseUntil.getTime());
    const sent: string[] = [];
    let sending = first!;
    for (;;) {
      await client.query(
        `UPDATE booking_webhook_deliveries SET status = 'delivered', next_retry_at = NULL
         WHERE id = $1`,
        [sending.id],
      );
      await releaseChainAfter(tdb, sending, NOW);
      const next = await claimDueWebhookDeliveries(db as never, NOW, leaseUntil, 20);
      if (next.length === 0) break;
      expect(next.map((row) => row.appointment_id)).toEqual([appointmentId]);
      sending = next[0]!;
      sent.push(sending.event_type);
    }
    expect(sent).toEqual([
      'appointment.rescheduled',
      'appointment.cancelled',
      'appointment.rescheduled',
    ]);
  });
});
