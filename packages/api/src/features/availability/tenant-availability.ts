import { DurableObject } from 'cloudflare:workers';
import type { AvailabilityQueryInput } from '@booksprintz/shared';
import { type OpenDatabase, openDatabase } from '../../db/client.ts';
import { pg } from '../../db/pg-text.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { expectedProblem, sqlState } from '../../http/postgres-errors.ts';
import { AvailabilityCache, type Computed, type Entry } from './cache.ts';
import { FreshRead } from './fresh-read.ts';
import { availabilityKey, computeAvailabilityJson } from './query.ts';
import type {
  AvailabilityAnswer,
  AvailabilityRequest,
  KeepRequest,
} from './tenant-availability-handle.ts';

/** Connections unused this long are closed; the next request opens them again. */
const IDLE_CLOSE_MS = 15_000;
/** Documents read at once: computations of different months overlap their queries. */
const DOCUMENT_CONNECTIONS = 3;
/** Kept bodies per tenant (each isolate keeps its own as well). */
const MAX_BYTES = 8 * 1024 * 1024;
/**
 * A kept answer read this close to its age limit is computed again in the background,
 * so that no request waits for the computation when the limit passes.
 */
const REFRESH_AHEAD_MS = 2_000;
/** How long requests wait for a Worker computing the answer they want before computing it. */
const WAIT_FOR_WORKER_MS = 3_000;

/**
 * One object per tenant (named by its id): the availability API's database side (issue
 * 21). A Worker may not keep a connection between requests, so every availability
 * request used to open one (WebSocket, startup, one statement, `DISCARD ALL`) only to
 * read the version its kept answer is filed under. This object keeps its connections,
 * as the SlotLock does, and reads the version once for every request that arrived
 * before the read was sent (`FreshRead`): a read sent after the request arrived, so a
 * booking whose answer the visitor has seen is always counted. It keeps the answers
 * Workers computed under the versions it gave them (`keep`), so that other isolates and
 * identical misses get the body instead of computing it again.
 *
 * Nothing here can show a taken slot that a per-request read would not: the version is
 * still read from Postgres for every request (trigger-kept, cache.ts), only over a kept
 * connection and shared with requests that arrived at the same moment.
 */
export class TenantAvailability extends DurableObject<Env> {
  readonly #cache = new AvailabilityCache(MAX_BYTES);
  #versionDatabase: OpenDatabase | undefined;
  #documentDatabase: OpenDatabase | undefined;
  #versions: FreshRead<string> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #lastUsed = 0;
  #running = 0;
  readonly #refreshing = new Set<string>();
  /** Answers a Worker is computing, by version and key: others asking wait for `keep`. */
  readonly #computing = new Map<
    string,
    { settled: Promise<void>; done: () => void; timer: ReturnType<typeof setTimeout> }
  >();

  async availability(request: AvailabilityRequest): Promise<AvailabilityAnswer> {
    const tenantId = this.#tenant(request.tenantId);
    this.#running++;
    try {
      const now = Date.now();
      const version = await this.#versionReads(tenantId).get();
      const key = availabilityKey(request.query);
      const kept = this.#cache.peek(key, now);
      const entry = kept?.version === version ? kept : undefined;
      if (entry?.aged && entry.expiresAt - now < REFRESH_AHEAD_MS) {
        this.#refresh(tenantId, key, request.query, entry);
      }
      if (request.held === version) return { ok: true, version };
      if (entry) {
        return { ok: true, version, body: entry.body, expiresAt: entry.expiresAt };
      }
      // Computed by the asking Worker, on its own session, under this version: on this
      // machine computing here cost more than the session it saves (docs/performance.md).
      // Requests for the same answer meanwhile wait for it (`keep`) rather than compute
      // it again, for a while: a Worker that never sends it leaves them to compute.
      const id = `${version}\n${key}`;
      const computing = this.#computing.get(id);
      if (!computing) {
        let done = () => {};
        const settled = new Promise<void>((resolve) => {
          done = resolve;
        });
        const timer = setTimeout(() => this.#settle(id), WAIT_FOR_WORKER_MS);
        this.#computing.set(id, { settled, done, timer });
        return { ok: true, version };
      }
      await computing.settled;
      const kept2 = this.#cache.peek(key, Date.now());
      if (kept2?.version === version) {
        return { ok: true, version, body: kept2.body, expiresAt: kept2.expiresAt };
      }
      return { ok: true, version };
    } catch (error) {
      const problem = expectedProblem(error);
      if (problem) return { ok: false, code: problem.code, detail: problem.message };
      throw error;
    } finally {
      this.#running--;
      this.#closeWhenIdle();
    }
  }

  /** An answer a Worker computed under `version`, kept for the tenant's other requests. */
  async keep(request: KeepRequest): Promise<void> {
    this.#tenant(request.tenantId);
    const key = availabilityKey(request.query);
    const kept = this.#cache.peek(key, Date.now());
    // A later answer of the same version (a refresh) is not replaced by an older one.
    if (kept?.version === request.version && kept.expiresAt >= request.expiresAt) return;
    this.#cache.put(key, {
      version: request.version,
      body: request.body,
      expiresAt: request.expiresAt,
      aged: request.aged,
    });
    this.#settle(`${request.version}\n${key}`);
  }

  #settle(id: string): void {
    const computing = this.#computing.get(id);
    if (!computing) return;
    this.#computing.delete(id);
    clearTimeout(computing.timer);
    computing.done();
  }

  /** The Worker that was computing an answer gave up (an error): the others compute. */
  async release(request: Omit<KeepRequest, 'body' | 'expiresAt' | 'aged'>): Promise<void> {
    this.#tenant(request.tenantId);
    this.#settle(`${request.version}\n${availabilityKey(request.query)}`);
  }

  #tenant(asked: string): string {
    const tenantId = this.ctx.id.name;
    if (!tenantId || tenantId !== asked) throw new Error('availability asked of another tenant');
    return tenantId;
  }

  async #compute(tenantId: string, query: AvailabilityQueryInput, now: Date): Promise<Computed> {
    const database = this.#documents();
    try {
      return await computeAvailabilityJson(new TenantDb(database.db, tenantId), query, now);
    } catch (error) {
      if (isBroken(error)) this.#drop(database);
      throw error;
    }
  }

  /**
   * Computes `key` again after the answer, under a version read now, as any computation
   * (cache.ts): kept only if the entry it replaces is still the one that asked for it.
   */
  #refresh(tenantId: string, key: string, query: AvailabilityQueryInput, entry: Entry): void {
    if (this.#refreshing.has(key)) return;
    this.#refreshing.add(key);
    this.#running++;
    const run = async () => {
      const version = await this.#versionReads(tenantId).get();
      const now = new Date();
      const computed = await this.#compute(tenantId, query, now);
      const current = this.#cache.peek(key, Date.now());
      if (current === undefined || current === entry)
        this.#cache.put(key, { ...computed, version });
    };
    this.ctx.waitUntil(
      run()
        .catch(() => undefined) // the next request computes, as it would have
        .finally(() => {
          this.#refreshing.delete(key);
          this.#running--;
          this.#closeWhenIdle();
        }),
    );
  }

  /** The tenant's version token (cache.ts), one statement shared by concurrent requests. */
  #versionReads(tenantId: string): FreshRead<string> {
    this.#versions ??= new FreshRead(async () => {
      this.#versionDatabase ??= openDatabase(this.env, { kept: true });
      const database = this.#versionDatabase;
      try {
        const rows = await new TenantDb(database.db, tenantId).query<{ version: string }>(
          pg`select coalesce(sum(version), 0)::text as version
             from booking_availability_versions where tenant_id = ${tenantId}`,
        );
        return rows[0]?.version ?? '0';
      } catch (error) {
        if (isBroken(error)) this.#drop(database);
        throw error;
      }
    });
    return this.#versions;
  }

  #documents(): OpenDatabase {
    this.#documentDatabase ??= openDatabase(this.env, {
      kept: true,
      max: DOCUMENT_CONNECTIONS,
    });
    return this.#documentDatabase;
  }

  /** A broken connection is not reused: the next request opens a new one. */
  #drop(database: OpenDatabase): void {
    if (this.#versionDatabase === database) this.#versionDatabase = undefined;
    if (this.#documentDatabase === database) this.#documentDatabase = undefined;
    this.ctx.waitUntil(database.close().catch(() => undefined));
  }

  /** One timer per idle period closes the connections once unused for IDLE_CLOSE_MS. */
  #closeWhenIdle(): void {
    this.#lastUsed = Date.now();
    if (this.#idleTimer !== undefined) return;
    const check = () => {
      const idleFor = Date.now() - this.#lastUsed;
      if (idleFor < IDLE_CLOSE_MS || this.#running > 0) {
        this.#idleTimer = setTimeout(check, Math.max(IDLE_CLOSE_MS - idleFor, 1000));
        return;
      }
      this.#idleTimer = undefined;
      for (const database of [this.#versionDatabase, this.#documentDatabase]) {
        if (database) this.#drop(database);
      }
    };
    this.#idleTimer = setTimeout(check, IDLE_CLOSE_MS);
  }
}

/** Not a statement's refusal (which leaves the connection healthy) nor one of our rules. */
function isBroken(error: unknown): boolean {
  return !sqlState(error) && !(error instanceof ApiError);
}
