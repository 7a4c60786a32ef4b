import { type AvailabilityQueryInput, computeAvailabilityJsonPieces } from '@booksprintz/shared';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { documentKey, parseAvailabilityDocument, queryDates } from './availability-document.ts';
import {
  AvailabilityCache,
  type Computed,
  type Entry,
  type JsonPieces,
  MAX_AGE_MS,
} from './cache.ts';
import { engineService } from './context.ts';
import { tenantAvailability } from './tenant-availability-handle.ts';

/**
 * Bodies this isolate was sent or computed, by tenant and query (see cache.ts for when
 * one may be served), each kept as the `Blob` it is served from: its bytes, made once,
 * outside V8's heap. Kept as the engine's text as well, a month's 232 KB stayed for the
 * collector to copy and mark: ~0.3–0.5 ms more for every answer computed while ~35 were
 * held (docs/performance.md, nineteenth pass).
 */
const held = new AvailabilityCache<Blob>();

/** Keeps an answer in this isolate as bytes and returns its response body. */
function hold(key: string, answer: Entry): Blob {
  const body = new Blob(answer.body);
  held.put(key, { version: answer.version, body, expiresAt: answer.expiresAt });
  return body;
}

/** What identifies one answer within a tenant: its document's key and the display zone. */
export function availabilityKey(query: AvailabilityQueryInput): string {
  return `${documentKey(query)}\n${query.timezone ?? ''}`;
}

/**
 * `GET …/availability`'s response body (its JSON text as a `Blob`), from the tenant's
 * `TenantAvailability` object (one RPC): it reads the version over its kept connection
 * and sends the body only when this isolate does not hold the current one; when no one
 * keeps it, it sends the document read for it and this isolate computes the answer (and
 * hands it back when the object says the query is a repeated one). The Worker opens no
 * database session for availability.
 */
export async function getAvailabilityJson(
  env: Env,
  tdb: TenantDb,
  query: AvailabilityQueryInput,
  waitUntil?: (work: Promise<unknown>) => void,
): Promise<Blob> {
  const tenantId = tdb.tenantId;
  const key = `${tenantId}\n${availabilityKey(query)}`;
  const mine = held.peek(key, Date.now());
  const object = tenantAvailability(env, tenantId);
  const answer = await object.availability({ tenantId, query, held: mine?.version ?? null });
  if (!answer.ok) throw new ApiError(answer.code, answer.detail);
  if ('body' in answer) {
    return hold(key, { version: answer.version, body: answer.body, expiresAt: answer.expiresAt });
  }
  if (!('document' in answer)) {
    if (mine?.version === answer.version) return mine.body;
    // The object answers a version alone only for the body this isolate said it holds.
    throw new Error('availability: the object sent neither the body nor its document');
  }
  let computed: Computed;
  try {
    computed = computeFromDocument(answer.document, query, new Date(answer.now));
  } catch (error) {
    if (answer.keep) {
      // Others waiting for this answer are given the document themselves (and meet the same error).
      const releasing = object
        .release({ tenantId, query, version: answer.version })
        .catch(() => undefined);
      if (waitUntil) waitUntil(releasing);
      else await releasing;
    }
    throw error;
  }
  const body = hold(key, { ...computed, version: answer.version });
  if (answer.keep) {
    const keeping = object
      .keep({ tenantId, query, version: answer.version, ...computed })
      .catch(() => undefined);
    if (waitUntil) waitUntil(keeping);
    else await keeping;
  }
  return body;
}

/**
 * Computes one answer from its document (availability-document.ts) as read at `now`:
 * the engine writes the body's JSON text itself, in pieces (no object tree, no
 * `JSON.stringify`, no string of the whole body).
 * The caller files it under the version read with the document or before it.
 */
export function computeFromDocument(
  documentText: string,
  query: AvailabilityQueryInput,
  now: Date,
): Computed {
  const { startDate, endDate } = queryDates(query);
  const { timezone, service, staffId, locationId, context } = parseAvailabilityDocument(
    documentText,
    query,
  );
  let body: JsonPieces;
  try {
    body = computeAvailabilityJsonPieces(context, {
      service: engineService(service),
      staff_id: staffId,
      location_id: locationId,
      start_date: startDate,
      end_date: endDate,
      display_timezone: query.timezone ?? timezone,
      now,
    });
  } catch (error) {
    // The engine refuses impossible input (a date like 2027-02-30) with RangeError.
    if (error instanceof RangeError) throw new ApiError('validation_failed', error.message);
    throw error;
  }
  const aged = now.getTime() + MAX_AGE_MS;
  const lapses = context.lapsesAt?.getTime() ?? Infinity;
  return { body, expiresAt: Math.min(aged, lapses), aged: aged <= lapses };
}
