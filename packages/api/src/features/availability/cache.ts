/**
 * Computed availability, kept by the isolate (DESIGN §9: the availability API answers
 * 50 concurrent clients). A month of slots for ten staff costs milliseconds of engine
 * time and a few hundred kilobytes of JSON; visitors of one business ask for the same
 * months over and over, so the answer is kept as the JSON text it was sent as.
 *
 * An entry is used only while both hold:
 * - the tenant's availability version is the one read before the entry was computed.
 *   The version is kept by database triggers on every table availability comes from
 *   (migration 0005), so a hold, booking, cancellation or admin change made through any
 *   isolate, the SlotLock, cron or SQL makes every isolate's entries stale at its commit;
 * - the clock has not reached `expiresAt`: the earliest time the answer changes with no
 *   write at all (a hold or unpaid booking lapsing), and at most MAX_AGE_MS after it was
 *   computed, because minimum notice and maximum advance move with the clock. A slot
 *   that crossed its notice limit in that window is still refused by the booking path,
 *   which never reads from here.
 *
 * Requests that miss at the same moment each compute: sharing one computation would mean
 * awaiting a promise that another request's I/O settles, which Workers does not allow.
 */
export const MAX_AGE_MS = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

export interface Computed {
  body: string;
  /** Epoch ms after which the body must not be served. */
  expiresAt: number;
}

interface Entry extends Computed {
  version: string;
}

export class AvailabilityCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = MAX_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** The body for `key` at `version`: the kept one while it may be served, else computed now. */
  async get(
    key: string,
    version: string,
    now: number,
    compute: () => Promise<Computed>,
  ): Promise<string> {
    const entry = this.#entries.get(key);
    if (entry && entry.version === version && now < entry.expiresAt) {
      // Most recently used last, so eviction takes the oldest first.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.body;
    }
    const computed = await compute();
    this.#store(key, { ...computed, version });
    return computed.body;
  }

  get size(): number {
    return this.#entries.size;
  }

  #store(key: string, entry: Entry): void {
    const size = entry.body.length * 2;
    if (size > this.#maxBytes) return;
    this.#remove(key);
    this.#entries.set(key, entry);
    this.#bytes += size;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest);
      if (old === entry) break;
    }
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.body.length * 2;
  }
}
