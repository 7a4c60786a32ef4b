import { isUuid } from '@booksprintz/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  connectionCreateSchema,
  connectionUpdateSchema,
} from '../../features/calendar/connection-schemas.ts';
import {
  type ConnectionContext,
  createConnection,
  createOAuthConnection,
  deleteConnection,
  getConnection,
  listConnections,
  syncNow,
  updateConnection,
} from '../../features/calendar/connections.ts';
import { ApiError } from '../../http/api-error.ts';
import { readJson } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

const context = (c: Context<AppEnv>): ConnectionContext => ({
  tdb: c.get('tenantDb'),
  env: c.env,
  now: () => new Date(),
});

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `/tenants/:tenant_id/calendar-connections`: owners and admins manage the team's calendars. */
export const calendarConnectionRoutes = new Hono<AppEnv>()
  .use('*', requireRole('owner', 'admin'))
  .get('/', async (c) => {
    const staffId = c.req.query('staff_id');
    if (staffId !== undefined && !isUuid(staffId))
      throw new ApiError('validation_failed', 'staff_id must be a UUID.', {
        errors: [{ path: 'staff_id', message: 'invalid UUID' }],
      });
    return c.json({ data: await listConnections(c.get('tenantDb'), staffId?.toLowerCase()) });
  })
  .get('/:id', async (c) => c.json(await getConnection(c.get('tenantDb'), uuidParam(c, 'id'))))
  .post('/', async (c) => {
    const input = await readJson(c, connectionCreateSchema);
    if (input.provider === 'google' || input.provider === 'microsoft')
      return c.json(
        await createOAuthConnection(
          context(c),
          { ...input, provider: input.provider },
          new URL(c.req.url).origin,
        ),
        201,
      );
    return c.json(await createConnection(context(c), input), 201);
  })
  .put('/:id', async (c) => {
    const patch = await readJson(c, connectionUpdateSchema);
    return c.json(await updateConnection(c.get('tenantDb'), uuidParam(c, 'id'), patch));
  })
  .delete('/:id', async (c) => {
    await deleteConnection(c.get('tenantDb'), uuidParam(c, 'id'));
    return c.body(null, 204);
  })
  .post('/:id/sync', async (c) => {
    const result = await syncNow(context(c), uuidParam(c, 'id'));
    return c.json({ last_synced_at: iso(result.last_synced_at), busy_count: result.busy_count });
  });
