import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * The origin people reach this Worker at, for links in messages and redirects:
 * PUBLIC_BASE_URL when set (production, behind a custom domain), else the request's own.
 */
export function publicOrigin(c: Context<AppEnv>): string {
  const configured = c.env.PUBLIC_BASE_URL?.trim();
  if (configured) return new URL(configured).origin;
  return new URL(c.req.url).origin;
}
