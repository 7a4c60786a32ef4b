import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../env.ts';

/**
 * The page `pnpm dev` points at. It shows the demo business's live profile, read
 * from the API by the browser; the booking widget mounts here once it ships.
 */
export const demoRoutes = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/demo'))
  .get('/demo', (c) =>
    c.html(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Salon — book an appointment</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f9fafb; }
  header { background: #4f46e5; color: #fff; padding: 2rem 1rem; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  code { background: #eef; padding: 0 .25rem; border-radius: 4px; }
</style>
</head>
<body>
<header><main><h1 id="business">Demo Salon</h1><p>Haircuts, color and massage in New York.</p></main></header>
<main>
  <h2>Book an appointment</h2>
  <p id="status">Loading the business profile…</p>
  <p>API: <code>GET /api/booking/v1/demo</code> · <code>GET /api/booking/v1/health</code></p>
</main>
<script type="module">
  const status = document.getElementById('status');
  try {
    const response = await fetch('/api/booking/v1/demo', { credentials: 'omit' });
    const profile = await response.json();
    document.getElementById('business').textContent = profile.business_name;
    status.textContent = 'Times are shown in ' + profile.timezone + '; prices in ' + profile.currency + '.';
  } catch (error) {
    status.textContent = 'The API did not answer: ' + error;
  }
</script>
</body>
</html>`),
  );
