/**
 * The record of sent messages (`markNotificationsSent`, one statement per delivery run,
 * named on a SlotLock's kept connection) reaches its rows by primary key (issue 21,
 * twelfth pass): joined on its JSON alone, the generic plan scanned the whole outbox for
 * rows being sent, a cost that grew with every message ever queued. Here, against an
 * outbox of a few thousand rows: it marks exactly the rows it names, only while they are
 * being sent and only in their own tenant, and its generic plan probes the primary key.
 */
import { randomUUID } from 'node:crypto';
import { notificationsSentStatement } from '@booksprintz/api/db/outbox-claims';
import { pgText } from '@booksprintz/api/db/pg-text';
import { describe, expect, it } from 'vitest';
import { type PlanNode, planNodes } from './plans.ts';
import { createTenant, migratedDatabase } from './setup.ts';

const postgres = migratedDatabase();

const NOW = new Date('2027-02-01T12:00:00Z');

describe('the record of sent messages', () => {
  it('marks the rows it names by primary key, in their tenant, while being sent', async () => {
    const { client, db } = postgres;
    const tenant = await createTenant(db);
    const other = await createTenant(db);
    // An outbox with history: 3,000 rows of one tenant, sent, pending and being sent.
    await client.query(
      `INSERT INTO booking_notifications (tenant_id, idempotency_key, type, channel, status)
       SELECT $1, 'history:' || i, 'confirmation', 'email',
              (ARRAY['sent', 'pending', 'sending'])[1 + i % 3]
       FROM generate_series(1, 3000) AS i`,
      [tenant.id],
    );
    const insert = async (tenantId: string, status: string) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO booking_notifications (tenant_id, idempotency_key, type, channel, status)
           VALUES ($1, $2, 'confirmation', 'email', $3) RETURNING id`,
          [tenantId, randomUUID(), status],
        )
      ).rows[0]!.id;
    const sending = [await insert(tenant.id, 'sending'), await insert(tenant.id, 'sending')];
    const finished = await insert(tenant.id, 'failed');
    const elsewhere = await insert(other.id, 'sending');
    await client.query('ANALYZE booking_notifications');

    const sent = [...sending, finished].map((id) => ({
      id,
      tenantId: tenant.id,
      provider: 'log',
      messageId: `log_${id}`,
    }));
    // A row named with the wrong tenant is not another tenant's to mark.
    sent.push({ id: elsewhere, tenantId: tenant.id, provider: 'log', messageId: 'log_x' });
    const { text, params } = pgText(notificationsSentStatement(sent, NOW));

    await client.query(`PREPARE notifications_sent AS ${text}`);
    await client.query('SET plan_cache_mode = force_generic_plan');
    const literal = (value: unknown) =>
      client.escapeLiteral(
        value instanceof Date
          ? value.toISOString()
          : Array.isArray(value)
            ? `{${value.join(',')}}`
            : String(value),
      );
    const run = `EXECUTE notifications_sent(${params.map(literal).join(', ')})`;
    const { rows: explained } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (FORMAT JSON) ${run}`,
    );
    const plan = planNodes(explained[0]!['QUERY PLAN'][0]!.Plan);
    const outboxScans = plan.filter((node) => node['Relation Name'] === 'booking_notifications');
    expect(outboxScans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(plan.map((node) => node['Index Name'])).toContain('booking_notifications_pkey');

    await client.query(run);
    await client.query('RESET plan_cache_mode');
    const { rows } = await client.query<{
      id: string;
      status: string;
      provider_message_id: string;
    }>(`SELECT id, status, provider_message_id FROM booking_notifications WHERE id = ANY($1)`, [
      [...sending, finished, elsewhere],
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of sending) {
      expect(byId.get(id)).toMatchObject({ status: 'sent', provider_message_id: `log_${id}` });
    }
    expect(byId.get(finished)?.status).toBe('failed');
    expect(byId.get(elsewhere)?.status).toBe('sending');
    // The history is untouched.
    const { rows: counts } = await client.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM booking_notifications
        WHERE idempotency_key LIKE 'history:%' GROUP BY status ORDER BY status`,
    );
    expect(counts).toEqual([
      { status: 'pending', n: '1000' },
      { status: 'sending', n: '1000' },
      { status: 'sent', n: '1000' },
    ]);
  });
});
