import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';

/**
 * `GET /api/docs`: the API reference, rendered in the browser by Redoc (Redocly's
 * maintained renderer) from `/api/booking/v1/openapi.json`. Its standalone bundle is
 * served by the Worker itself, so the page works offline and on a self-hosted box,
 * with no CDN. The bundle is a text module (wrangler.toml `[[rules]]`), loaded on the
 * first request for it.
 */
const RENDERER = '/api/docs/redoc.standalone.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>BookSprintz API reference</title>
<style>body { margin: 0; }</style>
</head>
<body>
<redoc spec-url="/api/booking/v1/openapi.json" hide-download-button="false"></redoc>
<script src="${RENDERER}"></script>
</body>
</html>
`;

export const apiDocsRoutes = new Hono<AppEnv>()
  .get('/api/docs', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(PAGE);
  })
  .get(RENDERER, async (c) => {
    const { default: bundle } = await import('redoc/bundles/redoc.standalone.js');
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(bundle);
  });
