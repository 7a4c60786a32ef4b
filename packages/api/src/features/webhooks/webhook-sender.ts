import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { decryptField, ENCRYPTED } from '../../db/field-encryption.ts';
import { claimDueWebhookDeliveries } from '../../db/outbox-claims.ts';
import {
  type BookingWebhook,
  type BookingWebhookDelivery,
  bookingWebhookDeliveries,
  bookingWebhooks,
  type WebhookAttempt,
} from '../../db/schema/index.ts';
import { type TenantDb, tenantDb } from '../../db/tenant-db.ts';
import { parseRetryAfter } from '../../http/retry-after.ts';
import { toInstant } from '../../http/serialize.ts';
import { fetchWithDeadline, readLimited, timeoutMs } from '../../integrations/outbound.ts';
import { forEachLimited } from '../notifications/concurrency.ts';
import { logError, type SendCounts } from '../notifications/notification-sender.ts';
import { queueWebhookDisabledNotice } from '../notifications/outbox.ts';
import {
  failPendingDeliveries,
  holdChainBehind,
  releaseChainAfter,
  updateDelivery,
} from './deliveries.ts';
import { eventBody } from './event-payload.ts';
import { nextRetryAt } from './retry-schedule.ts';
import { signWebhook } from './signature.ts';
import { webhookTargetProblem } from './target-guard.ts';

const LEASE_MS = 2 * 60_000;
const BATCH = 20;
const PARALLEL = 4;
const RESPONSE_BODY_LIMIT = 1000;

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  responseBody: string | null;
  retryAfterMs: number | null;
  /** Not worth retrying: the target is not allowed here. */
  permanent: boolean;
  durationMs: number;
}

/**
 * One signed POST of a delivery to its endpoint. Redirects are not followed and count as
 * failures; anything but 2xx is a failure. Never throws.
 */
export async function attemptDelivery(
  env: Env,
  webhook: BookingWebhook,
  delivery: BookingWebhookDelivery,
  now: Date,
): Promise<AttemptResult> {
  const started = Date.now();
  const result = (partial: Partial<AttemptResult>): AttemptResult => ({
    ok: false,
    status: null,
    error: null,
    responseBody: null,
    retryAfterMs: null,
    permanent: false,
    durationMs: Date.now() - started,
    ...partial,
  });
  const refused = webhookTargetProblem(webhook.url, env);
  if (refused) return result({ error: `refused: url ${refused}`, permanent: true });
  let secret: string;
  try {
    secret = await decryptField(
      env.ENCRYPTION_KEY,
      ENCRYPTED.webhookSecret,
      webhook.secret_encrypted,
    );
  } catch {
    // Our fault (a rotated ENCRYPTION_KEY), not the endpoint's: retried like any failure.
    return result({ error: 'the signing secret cannot be decrypted' });
  }
  const body = eventBody(delivery.payload);
  // The signature's timestamp is the real time of sending, also when the sender's
  // clock is injected: receivers compare it with their own clock to refuse replays.
  const signed = await signWebhook(secret, delivery.message_id, new Date(), body);
  try {
    const response = await fetchWithDeadline(
      webhook.url,
      {
        method: 'POST',
        headers: {
          ...webhook.custom_headers,
          'content-type': 'application/json',
          'user-agent': 'BookSprintz-Webhooks/1.0',
          ...signed,
        },
        body,
      },
      timeoutMs(env),
    );
    const responseBody = await readLimited(response, RESPONSE_BODY_LIMIT).catch(() => '');
    const ok = response.status >= 200 && response.status < 300;
    return result({
      ok,
      status: response.status,
      responseBody,
      error: ok ? null : `endpoint answered ${response.status}`,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
    });
  } catch (error) {
    return result({ error: (error as Error).message });
  }
}

export function attemptEntry(attempt: number, now: Date, result: AttemptResult): WebhookAttempt {
  return {
    attempt,
    at: toInstant(now),
    http_status_code: result.status,
    error: result.error,
    duration_ms: result.durationMs,
  };
}

/** Appends one entry to a delivery's attempt log (jsonb `||`, no read-modify-write). */
export function appendAttempt(entry: WebhookAttempt) {
  return sql`${bookingWebhookDeliveries.attempt_log} || ${JSON.stringify([entry])}::jsonb`;
}

/**
 * Turns an endpoint off, fails what was queued for it and tells the business by email —
 * once: only the call that actually flips `enabled` does the rest.
 */
export async function disableEndpoint(
  tdb: TenantDb,
  webhook: BookingWebhook,
  reason: 'gone' | 'failing' | 'refused',
  now: Date,
): Promise<void> {
  await tdb.transaction(async (tx) => {
    const flipped = await tx.update(
      bookingWebhooks,
      webhook.id,
      { enabled: false, disabled_at: now, disabled_reason: reason, updated_at: now },
      eq(bookingWebhooks.enabled, true),
    );
    if (!flipped) return;
    await failPendingDeliveries(tx, webhook.id, `endpoint disabled (${reason})`);
    await queueWebhookDisabledNotice(tx, {
      id: webhook.id,
      url: webhook.url,
      disabledAt: now,
      reason,
    });
  });
}

/** Records an attempt's outcome and moves the delivery and its endpoint on. */
async function settle(
  db: Database,
  delivery: BookingWebhookDelivery,
  webhook: BookingWebhook,
  result: AttemptResult,
  now: Date,
): Promise<void> {
  const tdb = tenantDb(db, delivery.tenant_id);
  const attempt = delivery.attempts;
  const common = {
    http_status_code: result.status,
    response_body: result.responseBody,
    error_message: result.error,
    last_attempt_at: now,
    attempt_log: appendAttempt(attemptEntry(attempt, now, result)),
  };
  if (result.ok) {
    await updateDelivery(tdb, delivery.id, {
      ...common,
      status: 'delivered',
      delivered_at: now,
      next_retry_at: null,
    });
    await releaseChainAfter(tdb, delivery, now);
    await tdb.update(bookingWebhooks, webhook.id, { failure_count: 0, last_triggered_at: now });
    return;
  }
  await tdb
    .raw()
    .update(bookingWebhooks)
    .set({ failure_count: sql`${bookingWebhooks.failure_count} + 1`, last_triggered_at: now })
    .where(tdb.scope(bookingWebhooks, eq(bookingWebhooks.id, webhook.id)));
  const gone = result.status === 410;
  const next = gone || result.permanent ? null : nextRetryAt(attempt, now, result.retryAfterMs);
  await updateDelivery(
    tdb,
    delivery.id,
    { ...common, status: next ? 'pending' : 'failed', next_retry_at: next },
    eq(bookingWebhookDeliveries.status, 'pending'),
  );
  if (gone) return disableEndpoint(tdb, webhook, 'gone', now);
  if (result.permanent) return disableEndpoint(tdb, webhook, 'refused', now);
  if (next) return holdChainBehind(tdb, delivery, next);
  await releaseChainAfter(tdb, delivery, now);
  // Every retry of this message failed. If nothing else got through since it was
  // queued either, the endpoint has been down for the whole schedule (over a day).
  const since = await tdb.count(
    bookingWebhookDeliveries,
    and(
      eq(bookingWebhookDeliveries.webhook_id, webhook.id),
      gte(bookingWebhookDeliveries.delivered_at, delivery.created_at),
    ),
  );
  if (since === 0) await disableEndpoint(tdb, webhook, 'failing', now);
}

async function deliverClaimed(
  db: Database,
  env: Env,
  delivery: BookingWebhookDelivery,
  now: Date,
): Promise<boolean> {
  const webhook = await tenantDb(db, delivery.tenant_id).get(bookingWebhooks, delivery.webhook_id);
  if (!webhook) return false;
  const result = await attemptDelivery(env, webhook, delivery, now);
  await settle(db, delivery, webhook, result, now);
  return result.ok;
}

/**
 * Delivers every webhook message due at `now`. A claim returns only the oldest pending
 * message per endpoint and appointment, so after a round succeeds the next round picks
 * up the events that were waiting behind it — in order — until none is due.
 */
export async function sendDueWebhooks(
  db: Database,
  env: Env,
  now: Date,
  deadline: number,
): Promise<SendCounts> {
  const counts: SendCounts = { sent: 0, failed: 0 };
  while (Date.now() < deadline) {
    const claimed = await claimDueWebhookDeliveries(
      db,
      now,
      new Date(now.getTime() + LEASE_MS),
      BATCH,
    );
    if (claimed.length === 0) break;
    await forEachLimited(claimed, PARALLEL, async (delivery) => {
      try {
        if (await deliverClaimed(db, env, delivery, now)) counts.sent++;
        else counts.failed++;
      } catch (error) {
        counts.failed++;
        logError('webhook.deliver', error);
      }
    });
  }
  return counts;
}
