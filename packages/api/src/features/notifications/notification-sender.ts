import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { decryptField, ENCRYPTED } from '../../db/field-encryption.ts';
import {
  claimDueNotifications,
  markNotificationsSent,
  type SentNotification,
} from '../../db/outbox-claims.ts';
import { type BookingNotification, bookingNotifications } from '../../db/schema/index.ts';
import { tenantDb } from '../../db/tenant-db.ts';
import { errorForLog } from '../../http/error-log.ts';
import { emailProvider } from '../../integrations/email/email-provider.ts';
import type { SentMessage } from '../../integrations/email/outgoing-email.ts';
import { calendarInvite } from '../../integrations/ics/appointment-ics.ts';
import { DeliveryError, formatAddress, parseAddress } from '../../integrations/outbound.ts';
import { smsProvider } from '../../integrations/sms/sms-provider.ts';
import { forEachLimited } from './concurrency.ts';
import { readyToSend } from './due-message.ts';
import { emailParts } from './email-parts.ts';
import type { NotificationPayload } from './outbox.ts';
import { providerLines } from './provider-log.ts';

/**
 * Waits after the n-th failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h — seven
 * attempts over about 21 hours, enough to ride out a provider outage. After that the
 * row stays in the outbox as `failed`, with its last error, for a person to look at.
 */
export const NOTIFICATION_RETRY_DELAYS_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
];

/** How long a claimed row is ours; a sender that dies mid-send frees it after this. */
export const NOTIFICATION_LEASE_MS = 2 * 60_000;
const LEASE_MS = NOTIFICATION_LEASE_MS;
const BATCH = 20;
const PARALLEL = 4;

export interface SendCounts {
  sent: number;
  failed: number;
}

type Outcome = 'sent' | 'failed' | 'skipped';

async function transmit(env: Env, row: BookingNotification, now: Date): Promise<SentMessage> {
  const payload = row.payload as unknown as NotificationPayload;
  if (row.channel === 'sms') {
    if (!row.recipient_phone_encrypted) {
      throw new DeliveryError('no phone number', { retryable: false });
    }
    const to = await decryptField(
      env.ENCRYPTION_KEY,
      ENCRYPTED.notificationPhone,
      row.recipient_phone_encrypted,
    );
    return smsProvider(env).send({ to, body: row.message ?? '', idempotencyKey: row.id }, now);
  }
  if (!row.recipient_email) throw new DeliveryError('no email address', { retryable: false });
  const from = parseAddress(env.EMAIL_FROM || 'notifications@booksprintz.example');
  const invite = payload.invite;
  const { text, html, brand } = await emailParts(env, row, from.name);
  return emailProvider(env).send(
    {
      from: formatAddress(brand.name, from.email),
      to: row.recipient_email,
      replyTo: payload.reply_to,
      subject: row.subject ?? '',
      text,
      html,
      attachments: invite
        ? [
            {
              filename: invite.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
              content: calendarInvite(invite),
              contentType: `text/calendar; charset=utf-8; method=${invite.method}`,
            },
          ]
        : [],
      idempotencyKey: row.id,
    },
    now,
  );
}

async function finish(
  db: Database,
  row: BookingNotification,
  values: Partial<typeof bookingNotifications.$inferInsert>,
): Promise<void> {
  await tenantDb(db, row.tenant_id).update(
    bookingNotifications,
    row.id,
    { ...values, locked_until: null, updated_at: new Date() },
    eq(bookingNotifications.status, 'sending'),
  );
}

/** A row that no longer makes sense (`readyToSend`) is not sent. */
function recordStale(db: Database, row: BookingNotification, reason: string): Promise<void> {
  return finish(db, row, { status: 'cancelled', last_error: `skipped: ${reason}` });
}

/** Records one row as sent, with the content it was written with if that was only now. */
function recordSent(
  db: Database,
  row: BookingNotification,
  sent: Pick<SentMessage, 'provider' | 'messageId'>,
  now: Date,
  rendered: Partial<typeof bookingNotifications.$inferInsert> | null,
): Promise<void> {
  return finish(db, row, {
    ...rendered,
    status: 'sent',
    sent_at: now,
    provider: sent.provider,
    provider_message_id: sent.messageId,
    last_error: null,
  });
}

/** Sends one claimed row and records the result; never throws. */
async function sendClaimed(
  db: Database,
  env: Env,
  row: BookingNotification,
  now: Date,
): Promise<Outcome> {
  const payload = row.payload as unknown as NotificationPayload;
  try {
    const ready = await readyToSend(db, env, row, now);
    if ('stale' in ready) {
      await recordStale(db, row, ready.stale);
      return 'skipped';
    }
    const sent = await transmit(env, ready.row, now);
    const logged = sent.logLine ? providerLines.write([sent.logLine]) : undefined;
    await recordSent(db, row, sent, now, ready.rendered);
    await logged;
    return 'sent';
  } catch (error) {
    await recordFailure(db, row, payload, error, now);
    return 'failed';
  }
}

/** Plans the retry of a row whose send failed (or gives up on it); never throws. */
async function recordFailure(
  db: Database,
  row: BookingNotification,
  payload: NotificationPayload,
  error: unknown,
  now: Date,
): Promise<void> {
  const retryable = !(error instanceof DeliveryError) || error.retryable;
  const delay = NOTIFICATION_RETRY_DELAYS_MS[row.attempts - 1];
  const retryAfter = error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0;
  let next =
    retryable && delay !== undefined ? new Date(now.getTime() + Math.max(delay, retryAfter)) : null;
  // A reminder that could only go out after its appointment began is not worth sending.
  if (next && row.type === 'reminder' && payload.appointment_start) {
    if (next.getTime() >= Date.parse(payload.appointment_start)) next = null;
  }
  await finish(db, row, {
    status: next ? 'pending' : 'failed',
    // Given up: no next attempt; the row keeps the moment of its last.
    next_attempt_at: next ?? now,
    last_error: (error as Error).message.slice(0, 1000),
  }).catch((markError: unknown) => logError('notification.mark', markError));
}

/**
 * Sends rows the caller claimed itself (a booking writes its immediate messages already
 * claimed, see `BookingDelivery`) and records every success in one statement, where
 * `sendDueNotifications` claims with one and records each row with another. Failures
 * take the usual retry path. Never throws.
 */
export async function sendClaimedNotifications(
  db: Database,
  env: Env,
  rows: readonly BookingNotification[],
  now: Date,
  /**
   * The record of successes goes as a named statement: `db` is a connection kept across
   * runs (a SlotLock's), which then parses and plans it once, not once per run.
   */
  options: { prepared?: boolean } = {},
): Promise<SendCounts> {
  const counts: SendCounts = { sent: 0, failed: 0 };
  const sent: SentNotification[] = [];
  // The development providers' lines (`SentMessage.logLine`), written in batches
  // (provider-log.ts).
  const logLines: string[] = [];
  await forEachLimited([...rows], PARALLEL, async (row) => {
    const payload = row.payload as unknown as NotificationPayload;
    try {
      // Only reminders and follow-ups can go stale or be rendered now; a booking claims
      // neither, but a caller that did would get them right.
      const ready = await readyToSend(db, env, row, now);
      if ('stale' in ready) {
        await recordStale(db, row, ready.stale);
        return;
      }
      const { logLine, ...message } = await transmit(env, ready.row, now);
      if (logLine) logLines.push(logLine);
      // A row written only now records its content with its own statement.
      if (ready.rendered) await recordSent(db, row, message, now, ready.rendered);
      else sent.push({ id: row.id, tenantId: row.tenant_id, ...message });
      counts.sent++;
    } catch (error) {
      await recordFailure(db, row, payload, error, now);
      counts.failed++;
    }
  });
  const logged = providerLines.write(logLines);
  try {
    await markNotificationsSent(db, sent, now, options);
  } catch (error) {
    // Left `sending`: the lease runs out and the cron sends them again (at least once).
    logError('notification.mark', error);
  }
  await logged;
  return counts;
}

export function logError(where: string, error: unknown): void {
  console.error(JSON.stringify({ level: 'error', where, message: errorForLog(error).message }));
}

/**
 * Sends every notification due at `now`, batch after batch, until none is left or the
 * wall-clock `deadline` (ms) passes. Rows it cannot finish stay claimed until their
 * lease expires, then the next run takes them.
 */
export async function sendDueNotifications(
  db: Database,
  env: Env,
  now: Date,
  deadline: number,
): Promise<SendCounts> {
  const counts: SendCounts = { sent: 0, failed: 0 };
  while (Date.now() < deadline) {
    const rows = await claimDueNotifications(db, now, new Date(now.getTime() + LEASE_MS), BATCH);
    if (rows.length === 0) break;
    await forEachLimited(rows, PARALLEL, async (row) => {
      const outcome = await sendClaimed(db, env, row, now);
      if (outcome === 'sent') counts.sent++;
      if (outcome === 'failed') counts.failed++;
    });
  }
  return counts;
}
