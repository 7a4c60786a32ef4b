import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { checkHealth } from '../services/health.ts';

export const healthRoutes = new Hono<AppEnv>().get('/health', async (c) => {
  const health = await checkHealth(c.get('db'));
  return c.json(health, health.database === 'ok' ? 200 : 503);
});
