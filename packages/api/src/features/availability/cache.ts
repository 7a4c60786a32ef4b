/**
 * Computed availability, kept as the JSON it was sent as (DESIGN §9: the
 * availability API answers 50 concurrent clients). A month of slots for ten staff costs
 * milliseconds of engine time and a few hundred kilobytes of JSON; visitors of one
 * business ask for the same months over and over.
 *
 * Kept in two places (issue 21): by the tenant's `TenantAvailability` Durable Object,
 * which reads the version and keeps the answers Workers computed (and refreshes them
 * near their age limit) as text, and by each Worker isolate, which keeps the bodies it
 * computed or was sent as bytes (a `Blob`), so that an unchanged answer crosses from the
 * object as a version only.
 * An entry is used only while both hold:
 * - the tenant's availability version is the one read before the entry was computed.
 *   The version is kept by database triggers on every table availability comes from
 *   (migration 0005), so a hold, booking, cancellation or admin change made through any
 *   isolate, the SlotLock, cron or SQL makes every entry stale at its commit;
 * - the clock has not reached `expiresAt`: the earliest time the answer changes with no
 *   write at all (a hold or unpaid booking lapsing), and at most MAX_AGE_MS after it was
 *   computed, because minimum notice and maximum advance move with the clock. A slot
 *   that crossed its notice limit in that window is still refused by the booking path,
 *   which never reads from here.
 */
export const MAX_AGE_MS = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * Whether version `a` is older than `b`: both are sums of counters as Postgres writes
 * them (decimal, no leading zeros), so the shorter is smaller and equal lengths compare
 * as text.
 */
export function olderVersion(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

/**
 * An answer's JSON text as the engine wrote it (`computeAvailabilityJsonPieces`): pieces
 * of ~32 K characters, never joined. One string of a month's ~230 K characters would be
 * a large object to V8, on pages mapped for it alone (docs/performance.md, seventeenth
 * pass). Sent as a `Blob` of the pieces.
 */
export type JsonPieces = string[];

/** What a kept body may be: a text whole (a document), in pieces (an answer), or its bytes. */
type Body = string | JsonPieces | Blob;

/**
 * The bytes `body` is counted as: two a character for text (V8 may hold it as UTF-16),
 * a `Blob`'s own size.
 */
function byteCount(body: Body): number {
  if (body instanceof Blob) return body.size;
  if (typeof body === 'string') return body.length * 2;
  let count = 0;
  for (const piece of body) count += piece.length;
  return count * 2;
}

export interface Computed<B extends Body = JsonPieces> {
  body: B;
  /** Epoch ms after which the body must not be served. */
  expiresAt: number;
  /**
   * Whether `expiresAt` is the age limit (computing again later gives a later one), not
   * a hold lapsing (computing again before it gives the same instant).
   */
  aged?: boolean;
}

export interface Entry<B extends Body = JsonPieces> extends Computed<B> {
  version: string;
}

export class AvailabilityCache<B extends Body = JsonPieces> {
  readonly #entries = new Map<string, Entry<B>>();
  readonly #computing = new Map<string, Promise<Entry<B>>>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = MAX_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /**
   * The entry for `key` at `version`: the kept one while it may be served, else computed
   * now and kept. Callers asking for one key and version while it is being computed share
   * that computation (only where promises may cross requests: a Durable Object).
   */
  get(
    key: string,
    version: string,
    now: number,
    compute: () => Promise<Computed<B>>,
  ): Promise<Entry<B>> {
    const kept = this.peek(key, now);
    if (kept?.version === version) return Promise.resolve(kept);
    const id = `${version}\n${key}`;
    const running = this.#computing.get(id);
    if (running) return running;
    const computing = compute().then((computed) => {
      const entry = { ...computed, version };
      this.put(key, entry);
      return entry;
    });
    this.#computing.set(id, computing);
    const done = () => this.#computing.delete(id);
    computing.then(done, done);
    return computing;
  }

  /** The entry for `key`, whatever its version, unless its time has passed. */
  peek(key: string, now: number): Entry<B> | undefined {
    const entry = this.#entries.get(key);
    if (!entry || now >= entry.expiresAt) return undefined;
    // Most recently used last, so eviction takes the oldest first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  put(key: string, entry: Entry<B>): void {
    const size = byteCount(entry.body);
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

  delete(key: string): void {
    this.#remove(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= byteCount(entry.body);
  }
}

/**
 * The version under which each query's document was last sent to a Worker to compute
 * its answer, for the most recent `max` queries. A second request for the same answer
 * under the same version comes from an isolate that does not hold it (another isolate,
 * or one still computing it): only then is the answer worth handing back to the tenant's
 * object. An answer asked for once per version, as after every write, is not, and
 * sending a month's body costs the Worker a tenth of its CPU for the request.
 */
export class DocumentsSent {
  readonly #versions = new Map<string, string>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** Notes that `key`'s document was sent under `version`; whether it had been already. */
  note(key: string, version: string): boolean {
    const before = this.#versions.get(key);
    this.#versions.delete(key);
    this.#versions.set(key, version);
    if (this.#versions.size > this.#max) {
      for (const oldest of this.#versions.keys()) {
        this.#versions.delete(oldest);
        break;
      }
    }
    return before === version;
  }
}
