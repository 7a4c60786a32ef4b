import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';

type LimiterName =
  | 'SIGNUP_LIMITER'
  | 'API_KEY_LIMITER'
  | 'PUBLIC_WRITE_LIMITER'
  | 'TENANT_WRITE_LIMITER'
  | 'EVENTS_LIMITER';

/** Caps that protect real customers stay on unless a dev or test run turns them off. */
export function limitsOn(env: Env): boolean {
  return !(env.RATE_LIMITS === 'off' && env.ENVIRONMENT === 'development');
}

export function clientAddress(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
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

export function rateLimit(limiter: LimiterName, key: (c: Context<AppEnv>) => string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await enforceLimit(c, limiter, key(c));
    await next();
  });
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Public writes (holds, bookings, changes): per address within a tenant, and per
 * tenant overall, so one visitor cannot reserve a whole day and a flood against one
 * business is bounded.
 */
export const publicWriteLimit = createMiddleware<AppEnv>(async (c, next) => {
  // Funnel events have a budget of their own (routes/public/events.ts).
  if (WRITES.has(c.req.method) && !c.req.path.endsWith('/events')) {
    const tenantId = c.get('tenant').id;
    await enforceLimit(c, 'PUBLIC_WRITE_LIMITER', `${tenantId}:${clientAddress(c)}`);
    await enforceLimit(c, 'TENANT_WRITE_LIMITER', tenantId);
  }
  await next();
});
