/**
 * A booking's outbox rows as written (issue 21): those due now are written already
 * claimed by the staff member's lock (`sending`, one attempt counted, a lease), which
 * sends them right after the commit with no claim query of its own. If the lock dies
 * before it has, the lease runs out and the cron sends them (`claimDueNotifications`
 * takes `sending` rows whose lease expired): committed with the booking, never lost.
 */
import type { BookingNotification } from '../../db/schema/index.ts';
import { NOTIFICATION_LEASE_MS } from '../notifications/notification-sender.ts';
import type { NewNotification } from '../notifications/outbox.ts';

/** What the booking leaves to send once it has committed. */
export interface BookingDelivery {
  /**
   * Messages due now, written already claimed by the lock (`sending`, one attempt, a
   * lease): the lock sends them itself right after the commit, with no claim query.
   * If it dies first, the lease runs out and the cron takes them (`claimDueNotifications`).
   */
  claimed: BookingNotification[];
  /** Something else may be due (webhooks, a calendar write): run the general sender. */
  general: boolean;
}

/** The full rows, ids drawn here, so the lock holds exactly what was written. */
export function outboxRowsOf(
  rows: readonly NewNotification[],
  tenantId: string,
  now: Date,
): BookingNotification[] {
  const leaseUntil = new Date(now.getTime() + NOTIFICATION_LEASE_MS);
  return rows.map((row) => {
    const due = row.next_attempt_at !== undefined && row.next_attempt_at <= now;
    return {
      id: crypto.randomUUID(),
      tenant_id: tenantId,
      appointment_id: row.appointment_id ?? null,
      idempotency_key: row.idempotency_key,
      type: row.type,
      channel: row.channel,
      recipient_email: row.recipient_email ?? null,
      recipient_phone_encrypted: row.recipient_phone_encrypted ?? null,
      locale: row.locale ?? 'en',
      payload: row.payload ?? {},
      subject: row.subject ?? null,
      message: row.message ?? null,
      status: due ? 'sending' : 'pending',
      scheduled_for: row.scheduled_for ?? now,
      attempts: due ? 1 : 0,
      // Claimed: the next attempt is the lease's end (claimDueNotifications).
      next_attempt_at: due ? leaseUntil : (row.next_attempt_at ?? now),
      locked_until: due ? leaseUntil : null,
      sent_at: null,
      provider: null,
      provider_message_id: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
  });
}
