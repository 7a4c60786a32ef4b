import { Hono } from 'hono';
import { openDatabase } from '../../db/client.ts';
import type { AppEnv } from '../../env.ts';
import {
  googleNotice,
  graphNotices,
  pushConnection,
  runPushWork,
  verifiedWork,
} from '../../features/calendar/push-notifications.ts';

/**
 * `POST /webhooks/calendar/:connection_id`: Google watch-channel and Microsoft Graph
 * subscription notifications for one connection. The channel token / clientState is
 * the authentication; a notification that fails it is answered like any other and
 * ignored. Graph's subscription validation (`?validationToken=`) is echoed as text.
 * The sync itself runs after the answer (providers want one within seconds).
 */
export const calendarWebhookRoutes = new Hono<AppEnv>().post(
  '/calendar/:connection_id',
  async (c) => {
    const connection = await pushConnection(c.get('db')(), c.req.param('connection_id'));
    const validationToken = c.req.query('validationToken');
    if (validationToken !== undefined) {
      if (connection?.provider !== 'microsoft') return c.body(null, 404);
      c.header('X-Content-Type-Options', 'nosniff');
      return c.text(validationToken.slice(0, 1000), 200);
    }
    if (!connection) return c.body(null, 202);
    const notices =
      connection.provider === 'google'
        ? googleNotice((name) => c.req.header(name))
        : graphNotices(await c.req.json().catch(() => null));
    const work = await verifiedWork(connection, notices);
    if (work.length > 0) {
      const env = c.env;
      const now = new Date();
      c.executionCtx.waitUntil(
        (async () => {
          const { db, close } = openDatabase(env);
          try {
            await runPushWork(db, env, connection, work, now);
          } finally {
            await close().catch(() => undefined);
          }
        })(),
      );
    }
    return c.body(null, 202);
  },
);
