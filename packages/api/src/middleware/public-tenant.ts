import { isOriginAllowed, RESERVED_SUBDOMAINS, tenantSlug } from '@booksprintz/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { TenantDb } from '../db/tenant-db.ts';
import type { AppEnv } from '../env.ts';
import { publicTenantBySlug } from '../features/tenants/tenant-cache.ts';
import { problemResponse } from '../http/problem.ts';

/** The seed's business: reserved for anyone else, but a real tenant. */
const DEMO_SLUG = 'demo';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key';
const EXPOSED_HEADERS = 'X-Request-Id, Retry-After';

/**
 * Public routes under `/:tenant`: resolves the slug to an active tenant, answers CORS
 * for the tenant's allowed domains (the origin echoed, never `*` once a list is set),
 * and refuses writes from other origins with 403 `origin_not_allowed`. Requests
 * without an Origin header are server-to-server and pass. The profile (`GET /:tenant`)
 * is readable from any origin and says whether the asking origin may book, so a widget
 * on a page that is not allowed tells its visitor the truth instead of failing on CORS.
 */
export const publicTenant = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin');
  const slug = c.req.param('tenant') ?? '';
  if (RESERVED_SUBDOMAINS.has(slug) && slug !== DEMO_SLUG) {
    // `/tenants/…`, `/webhooks/…` and the like are API paths no route matched, not a
    // business: say so, rather than "no business is booked under tenants".
    return problemResponse(c, 'not_found', 404, `No route for ${c.req.method} ${c.req.path}.`);
  }
  // The database is opened on first use only: many public requests need none.
  const db = c.get('db');
  const found = tenantSlug.safeParse(slug).success
    ? await publicTenantBySlug(db, slug, renewal(c))
    : undefined;
  if (!found) {
    const response = problemResponse(
      c,
      'not_found',
      404,
      `No business is booked under "${slug.slice(0, 63)}".`,
    );
    if (origin) response.headers.set('Access-Control-Allow-Origin', '*');
    return response;
  }
  const { tenant, allowed } = found;
  c.set('tenant', tenant);
  c.set('tenantDb', new TenantDb(db, tenant.id));
  const originAllowed = !origin || isOriginAllowed(origin, allowed);
  c.set('originAllowed', originAllowed);
  const profile = c.req.method === 'GET' && /^\/api\/booking\/v1\/[^/]+\/?$/.test(c.req.path);

  if (c.req.method === 'OPTIONS') {
    const headers = new Headers({ Vary: 'Origin' });
    if (origin && originAllowed) {
      setCors(headers, origin, allowed);
      headers.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      headers.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      headers.set('Access-Control-Max-Age', '600');
    }
    return new Response(null, { status: 204, headers });
  }

  if (origin && !originAllowed && WRITE_METHODS.has(c.req.method)) {
    return problemResponse(
      c,
      'origin_not_allowed',
      403,
      `${origin} may not book for this business.`,
    );
  }
  await next();
  // Handler errors are already rendered into c.res here, so the widget can read
  // problem JSON across origins too.
  decorate(c, origin, originAllowed || profile, allowed);
});

/** Lets a request renew the tenant's cached settings after its answer, where it may. */
function renewal(c: Context<AppEnv>) {
  let waitUntil: (work: Promise<unknown>) => void;
  try {
    const executionCtx = c.executionCtx;
    waitUntil = (work) => executionCtx.waitUntil(work);
  } catch {
    return undefined; // no execution context (app.request() in tests)
  }
  return { env: c.env, waitUntil };
}

function decorate(
  c: Context<AppEnv>,
  origin: string | undefined,
  allowedOrigin: boolean,
  allowed: string[],
) {
  const headers = c.res.headers;
  headers.append('Vary', 'Origin');
  if (origin && allowedOrigin) setCors(headers, origin, allowed);
}

function setCors(headers: Headers, origin: string, allowed: string[]) {
  headers.set('Access-Control-Allow-Origin', allowed.length === 0 ? '*' : origin);
  headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}
