import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { clientAddress } from '../http/client-address.ts';

type LimiterName =
  | 'SIGNUP_LIMITER'
  | 'API_KEY_LIMITER'
  | 'PUBLIC_WRITE_LIMITER'
  | 'TENANT_WRITE_LIMITER';

/** Caps that protect real customers stay on unless a dev or test run turns them off. */
export function limitsOn(env: Env): boolean {
  return !(env.RATE_LIMITS === 'off' && env.ENVIRONMENT === 'development');
}

/**
 * Counts a request against a Workers rate-limiting binding (per 60 s windows set in
 * wrangler.toml; wrangler dev simulates them locally) and answers 429 `rate_limited`
 * with Retry-After once the key is over its limit.
 */
export async function enforceLimit(
  c: Context<AppEnv>,
  limiter: LimiterName,
  key: string,
): Promise<void> {
  if (!limitsOn(c.env)) return;
  const binding = c.env[limiter];
  if (!binding) return;
  const { success } = await binding.limit({ key });
  if (!success) {
    throw new ApiError('rate_limited', 'Too many requests; try again in a minute.', {
      headers: { 'Retry-After': '60' },
    });
  }
}

/** A limit per key; a request without a key (no known address) is not counted. */
export function rateLimit(limiter: LimiterName, key: (c: Context<AppEnv>) => string | undefined) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const value = key(c);
    if (value !== undefined) await enforceLimit(c, limiter, value);
    await next();
  });
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every public write (hold, booking, change), valid or not, counts against its
 * sender's own budget within the tenant. The tenant's shared budget is spent only by
 * requests that reach the booking path (`tenantWriteBudget`): otherwise a few
 * addresses sending garbage would lock real customers out of the business.
 */
export const publicWriteLimit = createMiddleware<AppEnv>(async (c, next) => {
  const address = clientAddress(c);
  if (WRITES.has(c.req.method) && address !== undefined) {
    await enforceLimit(c, 'PUBLIC_WRITE_LIMITER', `${c.get('tenant').id}:${address}`);
  }
  await next();
});

/**
 * Spends one unit of the tenant's shared write budget; the booking path calls it once
 * a request is valid and authorized, right before the staff member's lock.
 */
export function tenantWriteBudget(c: Context<AppEnv>): () => Promise<void> {
  return () => enforceLimit(c, 'TENANT_WRITE_LIMITER', c.get('tenant').id);
}
