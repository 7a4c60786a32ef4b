import { servesService } from '@booksprintz/shared';
import { asc, eq } from 'drizzle-orm';
import { type BookingTenant, bookingStaff } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { findActiveStaff, findBookableService } from '../catalog/catalog.ts';
import { slotLock } from './slot-lock/slot-lock-handle.ts';

/** "Any available" follows at most this many calendars at once. */
const MAX_FOLLOWED_STAFF = 25;

export interface LiveSlotsRequest {
  env: Env;
  tdb: TenantDb;
  tenant: BookingTenant;
  /** The WebSocket upgrade request as it came in. */
  upgrade: Request;
  staffRef: string | undefined;
  serviceRef: string | undefined;
}

/**
 * Slot changes as `{type: "taken" | "freed", staff_id, start_time, end_time}` over a
 * WebSocket. With a staff member the socket goes straight to their SlotLock
 * (hibernation API); with only a service ("any available") the Worker follows the
 * lock of each staff member who may take it and relays.
 */
export async function openLiveSlots(request: LiveSlotsRequest): Promise<Response> {
  const { env, tdb, tenant, upgrade } = request;
  if (request.staffRef) {
    const staff = await findActiveStaff(tdb, request.staffRef);
    const upgraded = await slotLock(env, tenant.id, staff.id).fetch(upgrade);
    // A fetched response's headers are immutable; middleware still adds its own.
    return new Response(null, {
      status: upgraded.status,
      webSocket: upgraded.webSocket,
      headers: new Headers(upgraded.headers),
    });
  }
  if (!request.serviceRef) {
    throw new ApiError('validation_failed', 'Give ?staff_id=… or ?service_id=…');
  }
  const service = await findBookableService(tdb, request.serviceRef);
  const staff = (
    await tdb.list(bookingStaff, {
      where: eq(bookingStaff.status, 'active'),
      orderBy: [asc(bookingStaff.display_order), asc(bookingStaff.id)],
    })
  )
    .filter((member) => servesService(service, member.id))
    .slice(0, MAX_FOLLOWED_STAFF);
  return relay(
    env,
    tenant.id,
    upgrade.url,
    staff.map((member) => member.id),
  );
}

async function relay(
  env: Env,
  tenantId: string,
  url: string,
  staffIds: string[],
): Promise<Response> {
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  server.accept();
  const upstreams: WebSocket[] = [];
  for (const staffId of staffIds) {
    const upgraded = await slotLock(env, tenantId, staffId).fetch(
      new Request(url, { headers: { Upgrade: 'websocket' } }),
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
}
