import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { clientAddress } from '../http/client-address.ts';
import { enforceLimit, type LimiterName } from '../http/rate-limits.ts';

export { enforceLimit, limitsOn, tenantWriteBudget } from '../http/rate-limits.ts';

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
  // Funnel events have a budget of their own (routes/public/events.ts).
  if (WRITES.has(c.req.method) && address !== undefined && !c.req.path.endsWith('/events')) {
    await enforceLimit(c, 'PUBLIC_WRITE_LIMITER', `${c.get('tenant').id}:${address}`);
  }
  await next();
});
