/**
 * Claiming due messages (`claimDueNotifications`: the cron trigger, and the lock's run
 * after a change) reads only what is due (issue 21, twelfth pass). A claimed row's
 * `next_attempt_at` is its lease's end, so every claimable row, pending or with a lapsed
 * lease, is in the due index's range up to `now`. Before, a claim with nothing due read
 * every pending row: every future reminder of every business. Here, 5,000 future
 * reminders beside a few due rows: the claim takes exactly the due ones and the one
 * whose sender's lease lapsed, and its plan reads no future reminder (auto_explain,
 * which ships with Postgres, reports the plan the real function ran).
 */
import { claimDueNotifications } from '@booksprintz/api/db/outbox-claims';
import { describe, expect, it } from 'vitest';
import { plansOf } from './plans.ts';
import { createTenant, migratedDatabase } from './setup.ts';

const postgres = migratedDatabase();

const NOW = new Date('2027-03-01T12:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe('claiming due messages', () => {
  it('takes what is due and lapsed, reading no future reminder', async () => {
    const { client, db } = postgres;
    const tenant = await createTenant(db);
    // 5,000 reminders due over the coming weeks, and history already sent.
    await client.query(
      `INSERT INTO booking_notifications
         (tenant_id, idempotency_key, type, channel, status, scheduled_for, next_attempt_at)
       SELECT $1, 'future:' || i, 'reminder', 'email', 'pending', t, t
       FROM generate_series(1, 5000) AS i, LATERAL (SELECT $2::timestamptz + i * interval '7 minutes' AS t) x`,
      [tenant.id, NOW],
    );
    await client.query(
      `INSERT INTO booking_notifications (tenant_id, idempotency_key, type, channel, status)
       SELECT $1, 'sent:' || i, 'confirmation', 'email', 'sent' FROM generate_series(1, 2000) AS i`,
      [tenant.id],
    );
    const row = async (key: string, status: string, next: Date, lockedUntil: Date | null) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO booking_notifications (tenant_id, idempotency_key, type, channel, status,
             scheduled_for, next_attempt_at, locked_until)
           VALUES ($1, $2, 'confirmation', 'email', $3, $4, $4, $5) RETURNING id`,
          [tenant.id, key, status, next, lockedUntil],
        )
      ).rows[0]!.id;
    const due = [
      await row('due-1', 'pending', minutes(-30), null),
      await row('due-2', 'pending', NOW, null),
    ];
    // Claimed two minutes ago by a sender that died: its lease (next attempt) has passed.
    const lapsed = await row('lapsed', 'sending', minutes(-1), minutes(-1));
    // Being sent right now by a live sender.
    await row('leased', 'sending', minutes(1), minutes(1));
    await client.query('ANALYZE booking_notifications');

    const leaseUntil = minutes(2);
    const { result: claimed, plans } = await plansOf(client, () =>
      claimDueNotifications(db as never, NOW, leaseUntil, 20),
    );

    expect(claimed.map((r) => r.id).sort()).toEqual([...due, lapsed].sort());
    for (const r of claimed) {
      expect(r.status).toBe('sending');
      // The next attempt is the lease's end: the row is claimable again only after it.
      expect(r.next_attempt_at.getTime()).toBe(leaseUntil.getTime());
      expect(r.locked_until?.getTime()).toBe(leaseUntil.getTime());
    }
    // Another claim at the same moment finds nothing: all three are leased now.
    expect(await claimDueNotifications(db as never, NOW, leaseUntil, 20)).toEqual([]);

    // The claim's scan of the due index read the four rows up to `now`, not the 5,000
    // reminders after it.
    const scans = plans
      .flat()
      .filter((node) => node['Index Name'] === 'booking_notifications_due_idx');
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      expect((scan['Actual Rows'] ?? 0) + (scan['Rows Removed by Filter'] ?? 0)).toBeLessThan(10);
    }
  });
});
