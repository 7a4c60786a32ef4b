import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../errors/api-error.ts';
import { findActiveStaff } from '../../services/catalog.ts';
import { slotLock } from '../../slot-lock/slot-lock.ts';

/**
 * `GET /:tenant/live?staff_id=…` (WebSocket): the staff member's SlotLock pushes
 * `{type: "taken" | "freed", staff_id, start_time, end_time}` as holds and bookings change.
 */
export const liveRoutes = new Hono<AppEnv>().get('/live', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError('validation_failed', 'Open this URL as a WebSocket.');
  }
  const staffRef = c.req.query('staff_id');
  if (!staffRef) throw new ApiError('validation_failed', 'Say which staff member: ?staff_id=…');
  const staff = await findActiveStaff(c.get('tenantDb'), staffRef);
  const upgraded = await slotLock(c.env, c.get('tenant').id, staff.id).fetch(c.req.raw);
  // A fetched response's headers are immutable; middleware still adds its own.
  return new Response(null, {
    status: upgraded.status,
    webSocket: upgraded.webSocket,
    headers: new Headers(upgraded.headers),
  });
});
