import type { BookingEventType, WebhookEvent } from '@booksprintz/shared';
import { and, arrayContains, eq, gt, lt, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import {
  type BookingWebhookDelivery,
  bookingWebhookDeliveries,
  bookingWebhooks,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { newMessageId } from './signature.ts';

/**
 * An appointment's messages to one endpoint form a chain, in `created_at` order: the
 * claim (`claimDueWebhookDeliveries`) takes only the oldest pending one, so a receiver
 * sees an appointment's events in the order they happened. The claim reads the due
 * index in `next_retry_at` order, and a delivery that waits behind a failing one would
 * otherwise keep the time it was queued: with an endpoint down, every waiting delivery
 * sat at the front of that order, was read and turned away by every claim, and a claim
 * cost grew with the backlog (issue 21, fourteenth pass). So the sender keeps a second
 * rule: a waiting delivery is never due before those ahead of it.
 * - queued behind pending ones, it is due no earlier than the latest of them;
 * - when the one ahead is scheduled for a retry, those behind it move to that time
 *   (`holdChainBehind`);
 * - when it is done (delivered, or failed for good), the next one is due at once if it
 *   was never tried (`releaseChainAfter`).
 * A head being sent has its lease's end as `next_retry_at`; what is queued behind it
 * then waits for that, unless the head is done first and releases it. The rule is for
 * the claim's cost only: the claim's `NOT EXISTS` still keeps the order where it does
 * not hold (two events committed out of order, an appointment deleted from under them).
 */

/** The pending deliveries of `delivery`'s chain: its endpoint's, for its appointment. */
function pendingChainOf(
  tdb: TenantDb,
  delivery: Pick<BookingWebhookDelivery, 'webhook_id' | 'appointment_id'>,
  ...conditions: SQL[]
): SQL | undefined {
  if (delivery.appointment_id === null) return undefined;
  const d = bookingWebhookDeliveries;
  return tdb.scope(
    d,
    eq(d.webhook_id, delivery.webhook_id),
    eq(d.appointment_id, delivery.appointment_id),
    eq(d.status, 'pending'),
    ...conditions,
  );
}

/**
 * After `delivery` was scheduled for a retry at `until`: the deliveries queued behind it
 * are due no earlier.
 */
export async function holdChainBehind(
  tdb: TenantDb,
  delivery: Pick<BookingWebhookDelivery, 'id' | 'webhook_id' | 'appointment_id'>,
  until: Date,
): Promise<void> {
  const d = bookingWebhookDeliveries;
  const behind = pendingChainOf(
    tdb,
    delivery,
    lt(d.next_retry_at, until),
    // Its own row's exact `created_at` (a JavaScript Date drops the microseconds).
    sql`(${d.created_at}, ${d.id}) > (select ${d.created_at}, ${d.id} from ${d}
      where ${d.tenant_id} = ${tdb.tenantId} and ${d.id} = ${delivery.id})`,
  );
  if (!behind) return;
  await tdb.raw().update(d).set({ next_retry_at: until }).where(behind);
}

/**
 * After `delivery` left its chain (delivered, or failed for good): the next delivery
 * in the chain, if it was never tried, is due at `now` rather than at the time it was
 * held to (a lease's end, or a retry its head no longer needs).
 */
export async function releaseChainAfter(
  tdb: TenantDb,
  delivery: Pick<BookingWebhookDelivery, 'webhook_id' | 'appointment_id'>,
  now: Date,
): Promise<void> {
  const d = bookingWebhookDeliveries;
  const chain = pendingChainOf(tdb, delivery);
  if (!chain) return;
  const next = tdb
    .raw()
    .select({ id: d.id })
    .from(d)
    .where(chain)
    .orderBy(d.created_at, d.id)
    .limit(1);
  await tdb
    .raw()
    .update(d)
    .set({ next_retry_at: now })
    .where(tdb.scope(d, sql`${d.id} = (${next})`, eq(d.attempts, 0), gt(d.next_retry_at, now)));
}

/**
 * Queues one delivery of `event` per enabled endpoint subscribed to its type, inside
 * the event's transaction, due at once (or, behind pending deliveries of the same
 * appointment, no earlier than they are: see above). One message id for all endpoints:
 * it names the event, and each endpoint de-duplicates on it. `created_at` is
 * `clock_timestamp()` rather than the transaction's start, so two events written by one
 * transaction still have an order.
 */
export async function queueWebhookDeliveries(
  tx: TenantDb,
  type: BookingEventType,
  appointmentId: string,
  event: WebhookEvent,
  now: Date,
): Promise<number> {
  const endpoints = await tx.list(bookingWebhooks, {
    where: and(eq(bookingWebhooks.enabled, true), arrayContains(bookingWebhooks.events, [type])),
  });
  if (endpoints.length === 0) return 0;
  const messageId = newMessageId();
  const d = bookingWebhookDeliveries;
  await tx
    .raw()
    .insert(bookingWebhookDeliveries)
    .values(
      endpoints.map((endpoint) => ({
        tenant_id: tx.tenantId,
        webhook_id: endpoint.id,
        appointment_id: appointmentId,
        message_id: messageId,
        event_type: type,
        payload: event as unknown as Record<string, unknown>,
        status: 'pending',
        next_retry_at: sql`greatest(${now}::timestamptz, (select max(${d.next_retry_at})
          from ${d} where ${pendingChainOf(tx, { webhook_id: endpoint.id, appointment_id: appointmentId })}))`,
        created_at: sql`clock_timestamp()`,
      })),
    );
  return endpoints.length;
}

/**
 * Updates one of the tenant's deliveries with SQL expressions allowed (the attempt log
 * is appended in place), optionally only while `where` holds.
 */
export async function updateDelivery(
  tdb: TenantDb,
  id: string,
  values: PgUpdateSetSource<typeof bookingWebhookDeliveries>,
  where?: SQL,
): Promise<BookingWebhookDelivery | undefined> {
  const [row] = await tdb
    .raw()
    .update(bookingWebhookDeliveries)
    .set(values)
    .where(tdb.scope(bookingWebhookDeliveries, eq(bookingWebhookDeliveries.id, id), where))
    .returning();
  return row;
}

/** An endpoint that is off gets nothing more: its queued messages fail, with a reason. */
export async function failPendingDeliveries(
  tx: TenantDb,
  webhookId: string,
  reason: string,
): Promise<void> {
  await tx
    .raw()
    .update(bookingWebhookDeliveries)
    .set({ status: 'failed', error_message: reason, next_retry_at: null })
    .where(
      tx.scope(
        bookingWebhookDeliveries,
        and(
          eq(bookingWebhookDeliveries.webhook_id, webhookId),
          eq(bookingWebhookDeliveries.status, 'pending'),
        ),
      ),
    );
}
