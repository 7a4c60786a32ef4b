/**
 * How the Worker reaches a staff member's SlotLock. Kept apart from the class so that
 * routes and features depend on its RPC interface (through `Env`), not on the Durable
 * Object module and its `cloudflare:workers` import: the Hono app then loads in plain
 * Node too, where route tests call `app.request()`.
 */

/** The Durable Object name for a staff member's lock; tenant first so ids never collide. */
export function slotLockName(tenantId: string, staffId: string): string {
  return `${tenantId}:${staffId}`;
}

export function slotLock(env: Env, tenantId: string, staffId: string) {
  return env.SLOT_LOCK.get(env.SLOT_LOCK.idFromName(slotLockName(tenantId, staffId)));
}
