import { isUuid } from '@booksprintz/shared';
import { createMiddleware } from 'hono/factory';
import { findActiveApiKey, touchApiKey } from '../db/lookups.ts';
import { TenantDb } from '../db/tenant-db.ts';
import type { AppEnv } from '../env.ts';
import { looksLikeApiKey } from '../features/accounts/api-key-secret.ts';
import type { Role } from '../features/accounts/key-auth.ts';
import { secretsEqual, sha256Hex } from '../features/accounts/secrets.ts';
import { ApiError } from '../http/api-error.ts';
import { enforceLimit } from './rate-limit.ts';

/** last_used_at is informative; writing it on every request would cost a query each. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

function bearerToken(header: string | undefined): string {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) {
    throw new ApiError('unauthorized', 'Send an API key: Authorization: Bearer bsk_…', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  return match[1];
}

/**
 * Admin routes under `/tenants/:tenant_id`: the key must be live and belong to that
 * tenant. Another tenant's key gets 404, as if the tenant did not exist, so keys
 * cannot probe for tenant ids. Sets `auth` and a `tenantDb` scoped to the tenant.
 */
export const requireTenantKey = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  const invalid = new ApiError('unauthorized', 'The API key is not valid or has been revoked.', {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
  if (!looksLikeApiKey(token)) throw invalid;
  const db = c.get('db')();
  const key = await findActiveApiKey(db, await sha256Hex(token));
  if (!key) throw invalid;
  const tenantId = c.req.param('tenant_id');
  if (!tenantId || !isUuid(tenantId) || tenantId.toLowerCase() !== key.tenant_id) {
    throw new ApiError('not_found', 'No such tenant.');
  }
  c.set('auth', {
    keyId: key.id,
    tenantId: key.tenant_id,
    role: key.role as Role,
    staffId: key.staff_id,
  });
  c.set('tenantDb', new TenantDb(db, key.tenant_id));
  await enforceLimit(c, 'API_KEY_LIMITER', key.id);
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    c.executionCtx.waitUntil(touchApiKey(db, key.id).catch(() => undefined));
  }
  await next();
});

/** Only these roles may go on; a staff key elsewhere gets 403. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth');
    if (!roles.includes(auth.role)) {
      throw new ApiError('forbidden', `This needs a key with role ${roles.join(' or ')}.`);
    }
    await next();
  });
}

/** `POST /tenants`: SiteSprintz's platform key, compared in constant time. */
export const requirePlatformKey = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  const expected = c.env.PLATFORM_API_KEY;
  if (!expected || !(await secretsEqual(token, expected))) {
    throw new ApiError('unauthorized', 'This route needs the platform key.', {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  }
  await next();
});
