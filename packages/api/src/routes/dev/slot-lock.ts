import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { slotLock } from '../../features/booking/slot-lock/slot-lock-handle.ts';
import { ApiError } from '../../http/api-error.ts';
import { uuidParam } from '../admin/params.ts';

/**
 * Development and test only (ENVIRONMENT=development): look at and fire a staff
 * member's SlotLock alarm, so expiry is tested without waiting ten minutes.
 */
export const devSlotLockRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    if (c.env.ENVIRONMENT !== 'development') throw new ApiError('not_found', 'No such route.');
    await next();
  })
  .get('/slot-lock/:tenant_id/:staff_id/alarm', async (c) => {
    const lock = slotLock(c.env, uuidParam(c, 'tenant_id'), uuidParam(c, 'staff_id'));
    const at = await lock.nextAlarm();
    return c.json({ alarm_at: at === null ? null : new Date(at).toISOString() });
  })
  .post('/slot-lock/:tenant_id/:staff_id/alarm', async (c) => {
    await slotLock(c.env, uuidParam(c, 'tenant_id'), uuidParam(c, 'staff_id')).runAlarm();
    return c.body(null, 204);
  });
