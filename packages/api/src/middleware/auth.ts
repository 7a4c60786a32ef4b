import { isUuid } from '@booksprintz/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { findActiveApiKey, touchApiKey } from '../db/lookups.ts';
import { TenantDb } from '../db/tenant-db.ts';
import type { AppEnv } from '../env.ts';
import { looksLikeApiKey } from '../features/accounts/api-key-secret.ts';
import type { Role, TenantAuth } from '../features/accounts/key-auth.ts';

export type { KeyAuth, Role, TenantAuth } from '../features/accounts/key-auth.ts';

import { secretsEqual, sha256Hex } from '../features/accounts/secrets.ts';
import { findSessionUser } from '../features/accounts/sessions.ts';
import { findMembership, isEmailVerified } from '../features/accounts/users.ts';
import { ApiError } from '../http/api-error.ts';
import { enforceLimit } from './rate-limit.ts';
import { assertCsrf, sessionToken } from './session.ts';

/** last_used_at is informative; writing it on every request would cost a query each. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

const noCredentials = () =>
  new ApiError('unauthorized', 'Send an API key (Authorization: Bearer bsk_…) or sign in.', {
    headers: { 'WWW-Authenticate': 'Bearer' },
  });

function bearerToken(header: string | undefined): string {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) throw noCredentials();
  return match[1];
}

/** The `:tenant_id` of the route, when it is one; another form can name no tenant. */
function routeTenantId(c: Context<AppEnv>): string | undefined {
  const tenantId = c.req.param('tenant_id');
  return tenantId && isUuid(tenantId) ? tenantId.toLowerCase() : undefined;
}

async function keyAuth(c: Context<AppEnv>, header: string): Promise<TenantAuth> {
  const token = bearerToken(header);
  const invalid = new ApiError('unauthorized', 'The API key is not valid or has been revoked.', {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
  if (!looksLikeApiKey(token)) throw invalid;
  const db = c.get('db')();
  const key = await findActiveApiKey(db, await sha256Hex(token));
  if (!key) throw invalid;
  if (routeTenantId(c) !== key.tenant_id) throw new ApiError('not_found', 'No such tenant.');
  await enforceLimit(c, 'API_KEY_LIMITER', key.id);
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    c.executionCtx.waitUntil(touchApiKey(db, key.id).catch(() => undefined));
  }
  return {
    tenantId: key.tenant_id,
    role: key.role as Role,
    staffId: key.staff_id,
    keyId: key.id,
    userId: null,
  };
}

/**
 * A signed-in person acts in a business with their membership's role, exactly as a key
 * of that role would. A business they do not belong to is 404, as for another tenant's
 * key; writes must pass the CSRF check (403).
 */
async function sessionAuth(c: Context<AppEnv>, token: string): Promise<TenantAuth> {
  const db = c.get('db')();
  const user = await findSessionUser(db, token, new Date());
  if (!user) {
    throw new ApiError('unauthorized', 'The session has ended; sign in again.');
  }
  const tenantId = routeTenantId(c);
  const membership = tenantId ? await findMembership(db, user.id, tenantId) : undefined;
  if (!tenantId || !membership) throw new ApiError('not_found', 'No such tenant.');
  await assertCsrf(c, token);
  await enforceLimit(c, 'API_KEY_LIMITER', `user:${user.id}`);
  return {
    tenantId,
    role: membership.role,
    staffId: membership.staffId,
    keyId: null,
    userId: user.id,
  };
}

/**
 * Admin routes under `/tenants/:tenant_id`: an API key of that tenant (`Authorization:
 * Bearer`), or else the session cookie of one of its members. Another tenant's key or
 * a non-member's session gets 404, as if the tenant did not exist, so ids cannot be
 * probed. Sets `auth` and a `tenantDb` scoped to the tenant.
 */
export const requireTenantKey = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const cookie = header ? undefined : sessionToken(c);
  if (!header && !cookie) throw noCredentials();
  const auth = header ? await keyAuth(c, header) : await sessionAuth(c, cookie as string);
  c.set('auth', auth);
  c.set('tenantDb', new TenantDb(c.get('db')(), auth.tenantId));
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

/**
 * Before money moves (payment settings), a signed-in person must have verified their
 * e-mail address (DASHBOARD.md); API keys are the business's own integrations and pass.
 */
export const requireVerifiedEmail = createMiddleware<AppEnv>(async (c, next) => {
  const { userId } = c.get('auth');
  if (userId && !(await isEmailVerified(c.get('db')(), userId))) {
    throw new ApiError('forbidden', 'Confirm your e-mail address first (see the link we sent).');
  }
  await next();
});

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
