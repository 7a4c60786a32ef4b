import { and, asc, eq, exists, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from './client.ts';
import { type PgFragment, pg } from './pg-text.ts';
import {
  type BookingNotification,
  type BookingWebhookDelivery,
  bookingNotifications,
  bookingWebhookDeliveries,
  bookingWebhooks,
} from './schema/index.ts';
import { queryText } from './tenant-db.ts';

/**
 * The senders' cross-tenant queries: the cron trigger works through every tenant's due
 * messages, so these cannot go through TenantDb. Each claimed row carries its tenant id,
 * and everything the sender does with it afterwards is scoped by that id.
 *
 * Claiming is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`:
 * two senders running at once (the request's `waitUntil` and the cron trigger) never
 * get the same row, and neither waits for the other.
 */

/**
 * Takes up to `limit` notifications that are due at `now`: pending ones, and ones whose
 * sender died mid-send (`sending` with an expired lease). Counts the attempt up front,
 * so a sender that crashes after the provider call still used one.
 *
 * A claimed row's `next_attempt_at` is its lease's end, as `locked_until` (here and
 * in `outboxRowsOf`): the next attempt, should this one never finish. Every row this
 * takes is then one whose `next_attempt_at` has passed, a range of the due index that
 * ends at `now`. Before, a claim with nothing due read every pending row, i.e. every
 * future reminder of every business (issue 21, twelfth pass: 50,000 of them, 14 ms).
 */
export async function claimDueNotifications(
  db: Database,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<BookingNotification[]> {
  const n = bookingNotifications;
  const due = db
    .select({ id: n.id })
    .from(n)
    .where(
      and(
        inArray(n.status, ['pending', 'sending']),
        lte(n.next_attempt_at, now),
        or(eq(n.status, 'pending'), and(isNotNull(n.locked_until), lt(n.locked_until, now))),
      ),
    )
    .orderBy(asc(n.next_attempt_at))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(n)
    .set({
      status: 'sending',
      locked_until: leaseUntil,
      next_attempt_at: leaseUntil,
      attempts: sql`${n.attempts} + 1`,
      updated_at: now,
    })
    .where(inArray(n.id, due))
    .returning();
}

/**
 * Takes up to `limit` webhook deliveries due at `now`, to enabled endpoints, and only
 * the oldest pending one per (endpoint, appointment): a receiver must see an
 * appointment's events in the order they happened, so a later event waits while an
 * earlier one is being retried. The lease is `next_retry_at` itself (pushed to
 * `leaseUntil`); the sender overwrites it with the real next retry or clears it.
 */
export async function claimDueWebhookDeliveries(
  db: Database,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<BookingWebhookDelivery[]> {
  const d = bookingWebhookDeliveries;
  const earlier = alias(bookingWebhookDeliveries, 'earlier');
  const w = bookingWebhooks;
  const due = db
    .select({ id: d.id })
    .from(d)
    .innerJoin(w, and(eq(w.tenant_id, d.tenant_id), eq(w.id, d.webhook_id)))
    .where(
      and(
        eq(d.status, 'pending'),
        lte(d.next_retry_at, now),
        eq(w.enabled, true),
        sql`NOT ${exists(
          db
            .select({ one: sql`1` })
            .from(earlier)
            .where(
              and(
                eq(earlier.webhook_id, d.webhook_id),
                eq(earlier.appointment_id, d.appointment_id),
                eq(earlier.status, 'pending'),
                sql`(${earlier.created_at}, ${earlier.id}) < (${d.created_at}, ${d.id})`,
              ),
            ),
        )}`,
      ),
    )
    .orderBy(asc(d.next_retry_at))
    .limit(limit)
    .for('update', { of: d, skipLocked: true });
  return db
    .update(d)
    .set({
      attempts: sql`${d.attempts} + 1`,
      last_attempt_at: now,
      next_retry_at: leaseUntil,
    })
    .where(inArray(d.id, due))
    .returning();
}

/** A notification the provider accepted. */
export interface SentNotification {
  id: string;
  tenantId: string;
  provider: string;
  messageId: string | null;
}

/**
 * Records sent notifications in one statement (each row scoped by its own tenant),
 * only while still `sending`: the sender that claimed a row is the one that finishes it.
 */
export async function markNotificationsSent(
  db: Database,
  sent: readonly SentNotification[],
  now: Date,
  /** Named (`preparedName`): only on a connection kept across runs (a SlotLock's). */
  options: { prepared?: boolean } = {},
): Promise<void> {
  if (sent.length === 0) return;
  await queryText(db, notificationsSentStatement(sent, now), options);
}

/**
 * `markNotificationsSent`'s statement. The rows are reached by primary key (`id =
 * any(…)`): joined on the JSON alone, a plan made for every run (a named statement's)
 * guessed 100 rows from the function and scanned the whole outbox for rows being sent,
 * a cost that grew with every message ever queued (issue 21, twelfth pass).
 */
export function notificationsSentStatement(
  sent: readonly SentNotification[],
  now: Date,
): PgFragment {
  return pg`update booking_notifications n
      set status = 'sent', sent_at = ${now}, provider = s.provider,
        provider_message_id = s.message_id, last_error = null, locked_until = null,
        updated_at = ${now}
      from json_to_recordset(${JSON.stringify(
        sent.map((row) => ({
          id: row.id,
          tenant_id: row.tenantId,
          provider: row.provider,
          message_id: row.messageId,
        })),
      )}::json) as s(id uuid, tenant_id uuid, provider text, message_id text)
      where n.id = any(${sent.map((row) => row.id)}::uuid[])
        and n.tenant_id = s.tenant_id and n.id = s.id and n.status = 'sending'`;
}
