import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { getTenantProfile } from '../services/tenant-profile.ts';

/** Public, key-less routes under `/:tenant`. */
export const publicTenantRoutes = new Hono<AppEnv>().get('/:tenant', async (c) => {
  const profile = await getTenantProfile(c.get('db')(), c.req.param('tenant'));
  return c.json(profile);
});
