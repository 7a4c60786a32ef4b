import { and, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { bookingStaff } from '../../db/schema/index.ts';
import type { AppEnv } from '../../env.ts';
import { slotLock } from '../../features/booking/slot-lock/slot-lock-handle.ts';
import { findActiveStaff, findBookableService } from '../../features/catalog/catalog.ts';
import { ApiError } from '../../http/api-error.ts';

/** "Any available" follows at most this many calendars at once. */
const MAX_FOLLOWED_STAFF = 25;

/**
 * `GET /:tenant/live?staff_id=…` or `?service_id=…` (WebSocket): slot changes as
 * `{type: "taken" | "freed", staff_id, start_time, end_time}`. With a staff member the
 * socket goes straight to their SlotLock (hibernation API); with only a service ("any
 * available") the Worker follows each eligible staff member's lock and relays.
 */
export const liveRoutes = new Hono<AppEnv>().get('/live', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError('validation_failed', 'Open this URL as a WebSocket.');
  }
  const tenantId = c.get('tenant').id;
  const tdb = c.get('tenantDb');
  const staffRef = c.req.query('staff_id');
  if (staffRef) {
    const staff = await findActiveStaff(tdb, staffRef);
    const upgraded = await slotLock(c.env, tenantId, staff.id).fetch(c.req.raw);
    // A fetched response's headers are immutable; middleware still adds its own.
    return new Response(null, {
      status: upgraded.status,
      webSocket: upgraded.webSocket,
      headers: new Headers(upgraded.headers),
    });
  }
  const serviceRef = c.req.query('service_id');
  if (!serviceRef) throw new ApiError('validation_failed', 'Give ?staff_id=… or ?service_id=…');
  const service = await findBookableService(tdb, serviceRef);
  const staff = await tdb.list(bookingStaff, {
    where: and(
      eq(bookingStaff.status, 'active'),
      service.available_with_staff.length > 0
        ? inArray(bookingStaff.id, service.available_with_staff)
        : undefined,
    ),
    limit: MAX_FOLLOWED_STAFF,
  });

  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  server.accept();
  const upstreams: WebSocket[] = [];
  for (const member of staff) {
    const upgraded = await slotLock(c.env, tenantId, member.id).fetch(
      new Request(c.req.url, { headers: { Upgrade: 'websocket' } }),
    );
    const upstream = upgraded.webSocket;
    if (!upstream) continue;
    upstream.accept();
    upstream.addEventListener('message', (event) => {
      if (event.data !== 'pong') server.send(event.data);
    });
    upstreams.push(upstream);
  }
  const closeAll = () => {
    for (const upstream of upstreams) upstream.close(1000, 'client left');
  };
  server.addEventListener('close', closeAll);
  server.addEventListener('error', closeAll);
  server.addEventListener('message', (event) => {
    if (event.data === 'ping') server.send('pong');
  });
  return new Response(null, { status: 101, webSocket: client });
});
