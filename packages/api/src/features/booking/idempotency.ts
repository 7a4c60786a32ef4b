import type { ProblemCode } from '@booksprintz/shared';
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { sha256Hex } from '../accounts/secrets.ts';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * `Idempotency-Key` on `POST …/appointments` (DESIGN §4): the first request with a key
 * runs and its answer is kept 24 h; the same key with the same body gets that answer
 * again, with another body 422 `idempotency_mismatch`. A second request arriving while
 * the first still runs gets 409 rather than booking twice — for a short lease only
 * (`CLAIM_LEASE_MS`): a claim its request never finished is taken over by a retry after
 * it. Server errors are not kept, so a retry after one runs again.
 */
export async function withIdempotency(
  tdb: TenantDb,
  key: string | undefined,
  fingerprint: string,
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (key === undefined) return run();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ApiError(
      'validation_failed',
      'Idempotency-Key must be 1–255 visible ASCII characters.',
    );
  }
  const requestHash = await sha256Hex(fingerprint);
  const now = new Date();
  // Expired keys of this tenant go first, so an old key can be reused after 24 h.
  await tdb.delete(
    idempotencyKeys,
    and(eq(idempotencyKeys.key, key), lte(idempotencyKeys.expires_at, now))!,
  );
  const claimed = await tdb
    .raw()
    .insert(idempotencyKeys)
    .values({ tenant_id: tdb.tenantId, key, request_hash: requestHash })
    .onConflictDoNothing()
    .returning({ id: idempotencyKeys.id });
  if (claimed.length === 0) {
    const [existing] = await tdb.list(idempotencyKeys, {
      where: and(eq(idempotencyKeys.key, key), gt(idempotencyKeys.expires_at, now)),
      limit: 1,
    });
    if (!existing) throw new ApiError('conflict', 'Retry this request.');
    if (existing.request_hash !== requestHash) {
      throw new ApiError(
        'idempotency_mismatch',
        'This Idempotency-Key was used with another request.',
      );
    }
    if (existing.response_status === null) {
      if (!(await takeOverStaleClaim(tdb, existing.id, now))) {
        throw new ApiError('conflict', 'A request with this Idempotency-Key is still running.', {
          headers: { 'Retry-After': '1' },
        });
      }
      return runClaimed(tdb, existing.id, run);
    }
    const stored = existing.response_body as {
      __problem?: true;
      code?: ProblemCode;
      detail?: string;
    };
    if (stored?.__problem && stored.code) throw new ApiError(stored.code, stored.detail ?? '');
    return { status: existing.response_status, body: existing.response_body };
  }
  return runClaimed(tdb, claimed[0]?.id ?? '', run);
}

/**
 * A claim still "running" after this long belongs to a request that died (its Worker
 * was cut off, or the database went away under it) and may be taken over by a retry.
 * Far longer than any booking takes; short enough that a customer's retry books.
 */
export const CLAIM_LEASE_MS = 30_000;

/**
 * Takes over a claim older than the lease; true when this request now owns it. One
 * UPDATE with the age in its WHERE clause, so of two retries racing only one wins.
 */
async function takeOverStaleClaim(tdb: TenantDb, id: string, now: Date): Promise<boolean> {
  const taken = await tdb
    .raw()
    .update(idempotencyKeys)
    .set({ created_at: now })
    .where(
      and(
        eq(idempotencyKeys.tenant_id, tdb.tenantId),
        eq(idempotencyKeys.id, id),
        isNull(idempotencyKeys.response_status),
        lte(idempotencyKeys.created_at, new Date(now.getTime() - CLAIM_LEASE_MS)),
      ),
    )
    .returning({ id: idempotencyKeys.id });
  return taken.length > 0;
}

/** Runs the request under its claim and keeps the answer (a 5xx frees the key instead). */
async function runClaimed(
  tdb: TenantDb,
  id: string,
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      response = {
        status: error.status,
        body: { __problem: true, code: error.code, detail: error.message },
      };
      await tdb.update(idempotencyKeys, id, {
        response_status: response.status,
        response_body: response.body,
      });
    } else {
      await tdb.delete(idempotencyKeys, eq(idempotencyKeys.id, id));
    }
    throw error;
  }
  await tdb.update(idempotencyKeys, id, {
    response_status: response.status,
    response_body: response.body,
  });
  return response;
}
