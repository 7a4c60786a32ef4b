import type { BookingEventType, WebhookEvent } from '@booksprintz/shared';
import { and, arrayContains, eq, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import {
  type BookingWebhookDelivery,
  bookingWebhookDeliveries,
  bookingWebhooks,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { newMessageId } from './signature.ts';

/**
 * Queues one delivery of `event` per enabled endpoint subscribed to its type, inside
 * the event's transaction, due at once. One message id for all endpoints: it names the
 * event, and each endpoint de-duplicates on it. `created_at` is `clock_timestamp()`
 * rather than the transaction's start, so two events written by one transaction still
 * have an order.
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
        next_retry_at: now,
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
