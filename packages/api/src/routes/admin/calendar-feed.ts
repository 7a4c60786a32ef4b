import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { type FeedContext, getFeedUrl, rotateFeedUrl } from '../../features/calendar/feed.ts';
import { ApiError } from '../../http/api-error.ts';
import { uuidParam } from './params.ts';

/** Owners and admins see every feed; a staff key only its own member's. */
function feedContext(c: Context<AppEnv>) {
  const staffId = uuidParam(c, 'staff_id');
  const auth = c.get('auth');
  if (auth.role === 'staff' && auth.staffId !== staffId)
    throw new ApiError('forbidden', "A staff key reads only its own member's calendar feed.");
  const ctx: FeedContext = {
    tdb: c.get('tenantDb'),
    encryptionKey: c.env.ENCRYPTION_KEY,
    origin: c.env.PUBLIC_BASE_URL || new URL(c.req.url).origin,
  };
  return { ctx, staffId };
}

/** `/tenants/:tenant_id/staff/:staff_id/calendar-feed`: the secret ICS feed URL. */
export const calendarFeedRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { ctx, staffId } = feedContext(c);
    return c.json(await getFeedUrl(ctx, staffId));
  })
  .post('/rotate', async (c) => {
    const { ctx, staffId } = feedContext(c);
    return c.json(await rotateFeedUrl(ctx, staffId));
  });
