import { DurableObject } from 'cloudflare:workers';
import { SerialQueue } from './serial-queue.ts';

/**
 * One object per tenant + staff member (`slotLockName`): the unit of coordination for
 * that person's calendar. Holds, bookings and reschedules for the staff member go
 * through its queue, one at a time; the database transaction inside adds an advisory
 * lock and the exclusion constraint as the last guard (DESIGN.md §4).
 */
export class SlotLock extends DurableObject<Env> {
  readonly #queue = new SerialQueue();

  /** Tasks waiting or running for this staff member (for diagnostics and tests). */
  async queueDepth(): Promise<number> {
    return this.#queue.pending;
  }

  /** Round-trips through the queue: proves the object is reachable and serializing. */
  async ping(): Promise<{ ok: true; queued: number }> {
    return this.#queue.run(async () => ({ ok: true as const, queued: this.#queue.pending }));
  }
}

/** The Durable Object name for a staff member's lock; tenant first so ids never collide. */
export function slotLockName(tenantId: string, staffId: string): string {
  return `${tenantId}:${staffId}`;
}
