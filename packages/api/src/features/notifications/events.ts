import type { BookingEventType } from '@booksprintz/shared';
import { type Database, openDatabase } from '../../db/client.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { markCalendarWriteDue, writeDueCalendars } from '../calendar/write-queue.ts';
import { queueWebhookDeliveries } from '../webhooks/deliveries.ts';
import { appointmentEvent } from '../webhooks/event-payload.ts';
import { sendDueWebhooks } from '../webhooks/webhook-sender.ts';
import { loadBookingSnapshot } from './booking-snapshot.ts';
import { logError, sendDueNotifications } from './notification-sender.ts';
import { queueBookingNotifications } from './outbox.ts';

export type { BookingEventType } from '@booksprintz/shared';

export interface BookingEvent {
  type: BookingEventType;
  appointmentId: string;
  /** For `appointment.rescheduled`: the start before the move. */
  previousStartTime?: Date;
  /**
   * False when the business chose not to tell the customer of this change (a move or
   * cancellation at the desk): the customer's message for it is not queued. Reminders
   * for the new time are planned as usual.
   */
  notifyCustomer?: boolean;
}

/**
 * The booking path's one call into notifications and webhooks. Call it INSIDE the
 * transaction that changed the appointment, right after the change, with `tx` bound to
 * that transaction: the outbox rows commit or roll back with the booking, so a message
 * is never lost and never sent for a change that did not happen.
 *
 * Writes the customer's and the business's messages (confirmation, reschedule or
 * cancellation now; reminders at the tenant's offsets; follow-up after completion),
 * withdraws reminders the change makes wrong, and queues one webhook delivery per
 * enabled endpoint subscribed to `event.type`. Database writes only, no network I/O.
 * `now` is injectable for tests; it defaults to the real time.
 *
 * @example
 * await tdb.transaction(async (tx) => {
 *   const appointment = await tx.insert(appointments, values);
 *   await recordBookingEvent(tx, env, { type: 'appointment.created', appointmentId: appointment.id });
 * });
 * c.executionCtx.waitUntil(deliverInBackground(c.env));
 */
export async function recordBookingEvent(
  tx: TenantDb,
  env: Env,
  event: BookingEvent,
  now: Date = new Date(),
): Promise<void> {
  const snapshot = await loadBookingSnapshot(tx, event.appointmentId);
  await queueBookingNotifications(tx, env, snapshot, event, now);
  await queueWebhookDeliveries(
    tx,
    event.type,
    snapshot.appointment.id,
    appointmentEvent(event.type, snapshot.appointment, now, event.previousStartTime),
    now,
  );
  // The staff member's calendar that receives bookings is written after the response.
  await markCalendarWriteDue(tx, snapshot.appointment.staff_id, now);
}

/** How long one run may keep sending: under the 30 s a Worker gets after its response. */
export const DELIVERY_BUDGET_MS = 20_000;

/**
 * Sends what is due at `now` — notifications through their providers, webhooks to
 * their endpoints — until nothing is due or the time budget is spent. Run after the
 * response (`ctx.waitUntil`) and by the cron trigger, with a database of its own.
 * Never throws: a provider that errors or hangs only leaves rows for the next run.
 */
export async function deliverDueMessages(
  db: Database,
  env: Env,
  now: Date = new Date(),
): Promise<{ sent: number; failed: number }> {
  const deadline = Date.now() + DELIVERY_BUDGET_MS;
  const safely = (work: Promise<{ sent: number; failed: number }>, where: string) =>
    work.catch((error: unknown) => {
      logError(where, error);
      return { sent: 0, failed: 0 };
    });
  const [notifications, webhooks, calendars] = await Promise.all([
    safely(sendDueNotifications(db, env, now, deadline), 'deliver.notifications'),
    safely(sendDueWebhooks(db, env, now, deadline), 'deliver.webhooks'),
    safely(
      writeDueCalendars(db, env, now, deadline).then((sent) => ({ sent, failed: 0 })),
      'deliver.calendars',
    ),
  ]);
  // A failing webhook may have disabled its endpoint and queued a notice to the business
  // after the notification pass finished: send that now rather than a minute later.
  const notices =
    webhooks.failed > 0
      ? await safely(sendDueNotifications(db, env, now, deadline), 'deliver.notices')
      : { sent: 0, failed: 0 };
  return {
    sent: notifications.sent + webhooks.sent + notices.sent + calendars.sent,
    failed: notifications.failed + webhooks.failed + notices.failed,
  };
}

/**
 * `deliverDueMessages` on a database of its own, closed afterwards: for `waitUntil`,
 * where the request's own connection is already being closed.
 *
 * @example
 * c.executionCtx.waitUntil(deliverInBackground(c.env));
 */
export async function deliverInBackground(
  env: Env,
  now?: Date,
): Promise<{ sent: number; failed: number }> {
  let opened: ReturnType<typeof openDatabase> | undefined;
  try {
    opened = openDatabase(env);
    return await deliverDueMessages(opened.db, env, now);
  } catch (error) {
    logError('deliver.background', error);
    return { sent: 0, failed: 0 };
  } finally {
    await opened?.close().catch(() => undefined);
  }
}
