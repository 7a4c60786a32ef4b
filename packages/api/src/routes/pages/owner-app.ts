import { type Handler, Hono } from 'hono';
import type { AppEnv } from '../../env.ts';

/**
 * The owner app (DASHBOARD.md) is a single-page app among the static assets. Its files
 * (`/app/assets/…`) are answered by the asset store before the Worker runs; every other
 * `/app` path is a screen (`/app/calendar`, `/app/staff/<id>`), so it gets the app's
 * index.html and the app's router takes over — deep links survive a reload.
 */
const appIndex: Handler<AppEnv> = async (c) => {
  const index = await c.env.ASSETS.fetch(new URL('/app/', c.req.url));
  const headers = new Headers(index.headers);
  headers.set('Cache-Control', 'no-cache');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'same-origin');
  return new Response(index.body, { status: index.status, headers });
};

export const ownerAppRoutes = new Hono<AppEnv>().get('/app', appIndex).get('/app/*', appIndex);
