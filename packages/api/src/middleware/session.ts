import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { secretsEqual } from '../features/accounts/secrets.ts';
import { csrfTokenFor, findSessionUser } from '../features/accounts/sessions.ts';
import { ApiError } from '../http/api-error.ts';
import { publicOrigin } from '../http/public-origin.ts';

/** The session cookie; its value is the session token (only its hash is stored). */
export const SESSION_COOKIE = 'bs_session';
/** Where cookie-authenticated writes carry the token from `/auth/me` (DESIGN §10). */
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionToken(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, SESSION_COOKIE);
  return token && token.length <= 100 ? token : undefined;
}

/**
 * HttpOnly (scripts cannot read it), SameSite=Lax (other sites' forms and fetches do not
 * carry it, top-level links do), Secure everywhere but development's plain http.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.env.ENVIRONMENT !== 'development',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    secure: c.env.ENVIRONMENT !== 'development',
  });
}

const crossSite = () =>
  new ApiError('forbidden', 'Cross-site requests may not change anything here.');

/**
 * The browser's own word on where a request comes from: `Sec-Fetch-Site` when sent, and
 * `Origin` when sent, must both say this site. Requests without either (curl, servers)
 * pass this check; the CSRF token below is what they cannot forge.
 */
export function assertSameOrigin(c: Context<AppEnv>): void {
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') throw crossSite();
  const origin = c.req.header('origin');
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  const own = [c.req.header('host'), new URL(publicOrigin(c)).host];
  if (!own.includes(host)) throw crossSite();
}

/**
 * CSRF defence for a cookie-authenticated request: unsafe methods must come from this
 * origin and carry the session's CSRF token in `X-CSRF-Token`. A page on another site
 * can make the browser send the cookie but can neither read the token nor set the header
 * without a CORS preflight, which this API does not grant to other origins.
 */
export async function assertCsrf(c: Context<AppEnv>, token: string): Promise<void> {
  if (SAFE_METHODS.has(c.req.method)) return;
  assertSameOrigin(c);
  const sent = c.req.header(CSRF_HEADER);
  if (!sent || !(await secretsEqual(sent, await csrfTokenFor(token)))) {
    throw new ApiError('forbidden', `A signed-in change needs the ${CSRF_HEADER} header.`);
  }
}

/** Routes for the signed-in person (`/auth/me`, logout): sets `session`, else 401. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const token = sessionToken(c);
  const user = token ? await findSessionUser(c.get('db')(), token, new Date()) : undefined;
  if (!token || !user) throw new ApiError('unauthorized', 'Sign in first.');
  await assertCsrf(c, token);
  c.set('session', { token, user });
  await next();
});
