import {
  BOOKING_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
  type Webhook,
  type WebhookCreate,
  type WebhookCreated,
  type WebhookDelivery,
  type WebhookDeliveryListQuery,
  type WebhookUpdate,
  webhookDeliverySchema,
  webhookSchema,
} from '@booksprintz/shared';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { ENCRYPTED, encryptField } from '../../db/field-encryption.ts';
import { lockTenant } from '../../db/row-lock.ts';
import {
  type BookingWebhook,
  type BookingWebhookDelivery,
  bookingWebhookDeliveries,
  bookingWebhooks,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toInstant, toResponse } from '../../http/serialize.ts';
import { failPendingDeliveries, updateDelivery } from './deliveries.ts';
import { newMessageId, newWebhookSecret } from './signature.ts';
import { webhookTargetProblem } from './target-guard.ts';
import { appendAttempt, attemptDelivery, attemptEntry } from './webhook-sender.ts';

/** Enough for any integration; more usually means a loop creating endpoints. */
export const MAX_WEBHOOKS_PER_TENANT = 20;

const notFound = () => new ApiError('not_found', 'No such webhook.');

function toWebhook(row: BookingWebhook): Webhook {
  return toResponse(webhookSchema, row);
}

function toDelivery(row: BookingWebhookDelivery): WebhookDelivery {
  return toResponse(webhookDeliverySchema, row);
}

/** 400 for a target this environment may not call (private, loopback, plain http). */
function assertTarget(url: string, env: Env): void {
  const problem = webhookTargetProblem(url, env);
  if (problem) {
    throw new ApiError('validation_failed', `The webhook URL ${problem}.`, {
      errors: [{ path: 'url', message: problem }],
    });
  }
}

export async function listWebhooks(tdb: TenantDb): Promise<Webhook[]> {
  const rows = await tdb.list(bookingWebhooks, {
    orderBy: [asc(bookingWebhooks.created_at), asc(bookingWebhooks.id)],
  });
  return rows.map(toWebhook);
}

export async function getWebhook(tdb: TenantDb, id: string): Promise<Webhook> {
  const row = await tdb.get(bookingWebhooks, id);
  if (!row) throw notFound();
  return toWebhook(row);
}

/** Creates an endpoint; its `whsec_` secret is in this answer and nowhere else, ever. */
export async function createWebhook(
  tdb: TenantDb,
  env: Env,
  input: WebhookCreate,
): Promise<WebhookCreated> {
  assertTarget(input.url, env);
  const secret = newWebhookSecret();
  const sealed = await encryptField(env.ENCRYPTION_KEY, ENCRYPTED.webhookSecret, secret);
  const row = await tdb.transaction(async (tx) => {
    await lockTenant(tx);
    if ((await tx.count(bookingWebhooks)) >= MAX_WEBHOOKS_PER_TENANT) {
      throw new ApiError(
        'forbidden',
        `A business may have ${MAX_WEBHOOKS_PER_TENANT} webhook endpoints; delete one first.`,
      );
    }
    return tx.insert(bookingWebhooks, {
      url: input.url,
      events: [...new Set(input.events ?? BOOKING_EVENT_TYPES)],
      enabled: input.enabled,
      description: input.description ?? null,
      secret_encrypted: sealed,
    });
  });
  return { ...toWebhook(row), secret };
}

/**
 * Changes an endpoint. Enabling clears the reason we disabled it and its failure count;
 * disabling fails what was queued for it (a re-enabled endpoint starts with new events,
 * not a backlog of stale ones).
 */
export async function updateWebhook(
  tdb: TenantDb,
  env: Env,
  id: string,
  patch: WebhookUpdate,
): Promise<Webhook> {
  if (patch.url !== undefined) assertTarget(patch.url, env);
  const now = new Date();
  return tdb.transaction(async (tx) => {
    const row = await tx.update(bookingWebhooks, id, {
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.enabled === true
        ? { enabled: true, disabled_at: null, disabled_reason: null, failure_count: 0 }
        : {}),
      ...(patch.enabled === false ? { enabled: false } : {}),
      updated_at: now,
    });
    if (!row) throw notFound();
    if (patch.enabled === false) await failPendingDeliveries(tx, id, 'endpoint disabled');
    return toWebhook(row);
  });
}

export async function deleteWebhook(tdb: TenantDb, id: string): Promise<void> {
  if ((await tdb.delete(bookingWebhooks, eq(bookingWebhooks.id, id))) === 0) throw notFound();
}

function encodeCursor(row: { created_at: string; id: string }): string {
  return btoa(JSON.stringify([row.created_at, row.id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(
      atob(cursor.replaceAll('-', '+').replaceAll('_', '/')),
    ) as unknown[];
    if (
      typeof at === 'string' &&
      /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)$/.test(at) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/.test(id)
    ) {
      return [at, id];
    }
  } catch {
    // fall through
  }
  throw new ApiError('validation_failed', 'The cursor is not valid.', {
    errors: [{ path: 'cursor', message: 'not a cursor from this API' }],
  });
}

/**
 * An endpoint's deliveries, newest first, each with its attempt log. The cursor keeps
 * the exact `created_at` text (microseconds) so pages neither skip nor repeat rows.
 */
export async function listDeliveries(
  tdb: TenantDb,
  webhookId: string,
  query: WebhookDeliveryListQuery,
): Promise<{ data: WebhookDelivery[]; next_cursor: string | null }> {
  if (!(await tdb.get(bookingWebhooks, webhookId))) throw notFound();
  const d = bookingWebhookDeliveries;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await tdb
    .raw()
    .select({ row: d, createdText: sql<string>`${d.created_at}::text` })
    .from(d)
    .where(
      tdb.scope(
        d,
        and(
          eq(d.webhook_id, webhookId),
          query.status ? eq(d.status, query.status) : undefined,
          after
            ? sql`(${d.created_at}, ${d.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
            : undefined,
        ),
      ),
    )
    .orderBy(desc(d.created_at), desc(d.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((entry) => toDelivery(entry.row)),
    next_cursor:
      rows.length > query.limit && last
        ? encodeCursor({ created_at: last.createdText, id: last.row.id })
        : null,
  };
}

/**
 * "Send test event": one signed `webhook.test` message, attempted now, logged like any
 * other delivery, and answered with the result. It never retries and never changes the
 * endpoint's state, so it is safe to use on a disabled endpoint before enabling it.
 */
export async function sendTestEvent(
  tdb: TenantDb,
  env: Env,
  webhookId: string,
): Promise<WebhookDelivery> {
  const webhook = await tdb.get(bookingWebhooks, webhookId);
  if (!webhook) throw notFound();
  assertTarget(webhook.url, env);
  const now = new Date();
  const delivery = await tdb.insert(bookingWebhookDeliveries, {
    webhook_id: webhook.id,
    message_id: newMessageId(),
    event_type: WEBHOOK_TEST_EVENT,
    payload: {
      type: WEBHOOK_TEST_EVENT,
      timestamp: toInstant(now),
      data: { webhook_id: webhook.id, message: 'A test event from BookSprintz.' },
    },
    status: 'pending',
    attempts: 1,
    last_attempt_at: now,
    next_retry_at: null,
  });
  const result = await attemptDelivery(env, webhook, delivery, now);
  const row = await updateDelivery(tdb, delivery.id, {
    status: result.ok ? 'delivered' : 'failed',
    delivered_at: result.ok ? now : null,
    http_status_code: result.status,
    response_body: result.responseBody,
    error_message: result.error,
    attempt_log: appendAttempt(attemptEntry(1, now, result)),
  });
  return toDelivery(row ?? delivery);
}
