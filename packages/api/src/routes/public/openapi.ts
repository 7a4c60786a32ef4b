import { buildOpenApiDocument } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';

let document: Record<string, unknown> | undefined;

/** `GET /openapi.json`: built once per isolate from the shared zod schemas. */
export const openApiRoutes = new Hono<AppEnv>().get('/openapi.json', (c) => {
  document ??= buildOpenApiDocument();
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(document);
});
