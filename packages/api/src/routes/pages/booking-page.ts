import { RESERVED_SUBDOMAINS } from '@booksprintz/shared';
import { Hono } from 'hono';
import { TenantDb } from '../../db/tenant-db.ts';
import type { AppEnv } from '../../env.ts';
import { readPublicLists } from '../../features/catalog/public-lists.ts';
import { publicTenantBySlug } from '../../features/tenants/tenant-cache.ts';
import { ApiError } from '../../http/api-error.ts';
import { publicOrigin } from '../../http/public-origin.ts';
import { database } from '../../middleware/database.ts';
import { bookingPageHtml, notFoundPageHtml } from './booking-page-html.ts';

/**
 * Scripts only from this origin (the widget) and Stripe (deposits); nothing may frame the
 * page; styles inline (the page's own block and the widget's shadow styles).
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self' https://js.stripe.com",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "connect-src 'self' https://api.stripe.com",
  'frame-src https://js.stripe.com https://hooks.stripe.com',
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SLUG = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * `GET /{tenant}`: the business's own booking page (API.md "Hosted booking page"), a
 * clean 404 page for an unknown or archived one (problem JSON for non-browsers). `/demo` is the demo site (an asset).
 */
export const bookingPageRoutes = new Hono<AppEnv>().get('/:tenant', database, async (c) => {
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  const slug = c.req.param('tenant');
  const found =
    SLUG.test(slug) && (slug === 'demo' || !RESERVED_SUBDOMAINS.has(slug))
      ? await publicTenantBySlug(c.get('db')(), slug)
      : undefined;
  if (!found) {
    // People get a page; scripts and API clients the usual problem JSON.
    if (!c.req.header('accept')?.includes('text/html')) {
      throw new ApiError('not_found', `No route for GET ${c.req.path}.`);
    }
    return c.html(notFoundPageHtml(), 404);
  }
  const tdb = new TenantDb(c.get('db')(), found.tenant.id);
  // One statement for both lists.
  const { services = [], locations = [] } = await readPublicLists(tdb, ['services', 'locations']);
  c.header('Cache-Control', 'public, max-age=60');
  return c.html(
    bookingPageHtml({
      tenant: found.tenant,
      services,
      location: locations.find((location) => location.is_primary) ?? locations[0],
      url: `${publicOrigin(c)}/${found.tenant.subdomain}`,
    }),
  );
});
