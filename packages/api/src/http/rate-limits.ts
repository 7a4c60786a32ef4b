/**
 * The rate limits themselves (Workers rate-limiting bindings): what middleware and the
 * booking path's request context both spend.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from './api-error.ts';

export type LimiterName =
  | 'SIGNUP_LIMITER'
  | 'API_KEY_LIMITER'
  | 'PUBLIC_WRITE_LIMITER'
  | 'TENANT_WRITE_LIMITER'
  | 'EVENTS_LIMITER';

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

/**
 * Spends one unit of the tenant's shared write budget; the booking path calls it once
 * a request is valid and authorized, right before the staff member's lock.
 */
export function tenantWriteBudget(c: Context<AppEnv>): () => Promise<void> {
  return () => enforceLimit(c, 'TENANT_WRITE_LIMITER', c.get('tenant').id);
}
