import {
  type AvailabilityQueryInput,
  type AvailabilityResult,
  computeAvailability,
} from '@booksprintz/shared';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { loadAvailabilityDocument } from './availability-document.ts';
import { AvailabilityCache, type Computed, MAX_AGE_MS } from './cache.ts';
import { engineService } from './context.ts';
import { tenantAvailability } from './tenant-availability-handle.ts';

const DAY_MS = 86_400_000;

/** Bodies this isolate was sent, by tenant and query: see cache.ts for when one may be served. */
const held = new AvailabilityCache();

/** What identifies one answer within a tenant: every query parameter. */
export function availabilityKey(query: AvailabilityQueryInput): string {
  return [
    query.service_id,
    query.staff_id ?? '',
    query.location_id ?? '',
    query.date ?? `${query.start_date}/${query.end_date}`,
    query.timezone ?? '',
  ].join('\n');
}

/**
 * `GET …/availability` as the JSON text of its response, from the tenant's
 * `TenantAvailability` object (one RPC): it reads the version over its kept connection
 * and sends the body only when this isolate does not hold the current one.
 */
export async function getAvailabilityJson(
  env: Env,
  tdb: TenantDb,
  query: AvailabilityQueryInput,
  waitUntil?: (work: Promise<unknown>) => void,
): Promise<string> {
  const tenantId = tdb.tenantId;
  const key = `${tenantId}\n${availabilityKey(query)}`;
  const mine = held.peek(key, Date.now());
  const object = tenantAvailability(env, tenantId);
  const answer = await object.availability({ tenantId, query, held: mine?.version ?? null });
  if (!answer.ok) throw new ApiError(answer.code, answer.detail);
  if (answer.body !== undefined && answer.expiresAt !== undefined) {
    held.put(key, { version: answer.version, body: answer.body, expiresAt: answer.expiresAt });
    return answer.body;
  }
  if (mine?.version === answer.version) return mine.body;
  // Nobody keeps it: computed here, after the version was read, and filed under it.
  let computed: Computed;
  try {
    computed = await computeAvailabilityJson(tdb, query, new Date());
  } catch (error) {
    // Others waiting for this answer compute it themselves (and meet the same error).
    const releasing = object
      .release({ tenantId, query, version: answer.version })
      .catch(() => undefined);
    if (waitUntil) waitUntil(releasing);
    else await releasing;
    throw error;
  }
  held.put(key, { ...computed, version: answer.version });
  const keeping = object
    .keep({ tenantId, query, version: answer.version, ...computed })
    .catch(() => undefined);
  if (waitUntil) waitUntil(keeping);
  else await keeping;
  return computed.body;
}

/**
 * Computes one answer: resolves the references and loads what the engine needs for the
 * range (with two days' margin each side for zones and buffers) in one statement, then
 * runs the engine. The caller read the version it files the answer under before this.
 */
export async function computeAvailabilityJson(
  tdb: TenantDb,
  query: AvailabilityQueryInput,
  now: Date,
): Promise<Computed> {
  const startDate = query.date ?? query.start_date ?? '';
  const endDate = query.date ?? query.end_date ?? '';
  const { timezone, service, staffId, locationId, context } = await loadAvailabilityDocument(tdb, {
    serviceRef: query.service_id,
    staffRef: query.staff_id,
    locationRef: query.location_id,
    from: new Date(Date.parse(startDate) - 2 * DAY_MS),
    to: new Date(Date.parse(endDate) + 3 * DAY_MS),
    now,
  });
  let result: AvailabilityResult;
  try {
    result = computeAvailability(context, {
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
  return { body: JSON.stringify(result), expiresAt: Math.min(aged, lapses), aged: aged <= lapses };
}
