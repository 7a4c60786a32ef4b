import { externalBusyQuerySchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { listExternalBusy } from '../../features/calendar/external-busy.ts';
import { ApiError } from '../../http/api-error.ts';
import { validate } from '../../http/body.ts';
import { adminContext } from '../../http/request-context.ts';

/** `/tenants/:tenant_id/external-busy`: outside calendars' busy time, for the calendar. */
export const externalBusyRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const query = validate(externalBusyQuerySchema, c.req.query());
  if (query.end_date < query.start_date) {
    throw new ApiError('validation_failed', 'end_date comes before start_date.', {
      errors: [{ path: 'end_date', message: 'before start_date' }],
    });
  }
  const ctx = await adminContext(c);
  return c.json({
    data: await listExternalBusy(ctx.tdb, ctx.auth, ctx.tenant.timezone, query),
  });
});
