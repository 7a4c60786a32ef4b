import { Hono } from 'hono';
import { checkHealth } from '../../db/health.ts';
import type { AppEnv } from '../../env.ts';

export const healthRoutes = new Hono<AppEnv>().get('/health', async (c) => {
  const health = await checkHealth(c.get('db'));
  return c.json(health, health.database === 'ok' ? 200 : 503);
});
