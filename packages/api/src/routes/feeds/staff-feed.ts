import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { readFeed } from '../../features/calendar/feed.ts';
import { ApiError } from '../../http/api-error.ts';

/**
 * `/feeds/:connection_id/:secret.ics`: a staff member's appointments for calendar apps
 * to subscribe to. No key: the secret in the URL is the credential, and a wrong one is
 * as unknown as a missing one (404).
 */
export const feedRoutes = new Hono<AppEnv>().get('/:id/:file', async (c) => {
  const secret = c.req.param('file').replace(/\.ics$/, '');
  const body = await readFeed(c.get('db')(), c.req.param('id'), secret, new Date());
  if (body === null) throw new ApiError('not_found', 'No such calendar feed.');
  return c.body(body, 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'cache-control': 'private, max-age=300',
  });
});
