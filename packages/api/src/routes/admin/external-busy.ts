import { externalBusyQuerySchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { listExternalBusy } from '../../features/calendar/external-busy.ts';
import { ApiError } from '../../http/api-error.ts';
import { validate } from '../../http/body.ts';

/**
 * `/tenants/:tenant_id/external-busy`: busy time from the team's connected calendars
 * for the owner calendar to draw (API.md "Calendar connections and feeds").
 */
export const externalBusyRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const query = validate(externalBusyQuerySchema, c.req.query());
  const tdb = c.get('tenantDb');
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const auth = c.get('auth');
  const data = await listExternalBusy(
    { tdb, zone: tenant.timezone, ownStaffId: auth.role === 'staff' ? auth.staffId : null },
    query,
  );
  return c.json({ data });
});
