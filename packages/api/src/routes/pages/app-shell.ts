import { type Handler, Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../../env.ts';

/**
 * `/app/*`: the owner app is a single-page app served from the Worker's assets
 * (packages/dashboard's build under `app/` of the assets directory). A real file there
 * (`/app/assets/…`) never reaches the Worker; any other path under /app is a deep link
 * (`/app/calendar?…`, DASHBOARD.md) and gets the app's index.html, which routes on the
 * client. Until the dashboard is built, a placeholder says so.
 */
const appShell: Handler<AppEnv> = async (c) => {
  const index = await c.env.ASSETS?.fetch(new URL('/app/', c.req.url)).catch(() => undefined);
  if (index?.ok) {
    return new Response(index.body, {
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
    });
  }
  return c.html(
    html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>BookSprintz</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,sans-serif;color:#111827;background:#f3f4f6}main{max-width:32rem;padding:24px;text-align:center}code{background:#e5e7eb;padding:1px 5px;border-radius:4px}</style>
</head><body><main><h1>BookSprintz</h1>
<p>The owner app is not built yet (<code>packages/dashboard</code>). The account API is live under <code>/api/booking/v1/auth</code>.</p>
</main></body></html>`,
  );
};

export const appShellRoutes = new Hono<AppEnv>().get('/app', appShell).get('/app/*', appShell);
