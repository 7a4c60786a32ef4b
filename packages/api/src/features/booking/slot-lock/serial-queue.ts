/**
 * Runs async tasks strictly one after another.
 *
 * A Durable Object only serializes *delivery* of events: once a handler awaits I/O
 * (a database query, a fetch), the next request runs. Booking for one staff member
 * must re-check and insert without interleaving, so the object funnels that work
 * through this queue. A failed task does not stall the ones behind it.
 *
 * @example
 * const queue = new SerialQueue();
 * const result = await queue.run(() => bookInTransaction(request));
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Tasks queued or running. */
  get pending(): number {
    return this.#pending;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(task);
    this.#tail = result
      .catch(() => undefined)
      .finally(() => {
        this.#pending--;
      });
    return result;
  }
}
