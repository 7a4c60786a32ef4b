import { DurableObject } from 'cloudflare:workers';
import type { AvailabilityQueryInput } from '@booksprintz/shared';
import {
  type KeptConnection,
  type OpenDatabase,
  openDatabase,
  openKeptConnection,
} from '../../db/client.ts';
import { preparedName } from '../../db/pg-text.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { expectedProblem, sqlState } from '../../http/postgres-errors.ts';
import { availabilityDocumentStatement, documentKey } from './availability-document.ts';
import { AvailabilityCache, DocumentsSent, type Entry, olderVersion } from './cache.ts';
import { FreshRead } from './fresh-read.ts';
import { availabilityKey, computeFromDocument } from './query.ts';
import type {
  AvailabilityAnswer,
  AvailabilityRequest,
  KeepRequest,
} from './tenant-availability-handle.ts';

/** The tenant's availability version (cache.ts), as one statement. */
const VERSION_READ =
  'select coalesce(sum(version), 0)::text as version from booking_availability_versions where tenant_id = $1';
/** Connections unused this long are closed; the next request opens them again. */
const IDLE_CLOSE_MS = 15_000;
/** Documents read at once: reads for different months overlap in Postgres. */
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
/** Queries whose last document sent is remembered (the most recent), to tell one-offs from repeated ones. */
const SENT_KEYS = 2_000;
/** Kept documents per tenant: one per service, staff member, location and dates asked for. */
const DOCUMENT_BYTES = 4 * 1024 * 1024;

/** A document as read (availability-document.ts), with the version of the same snapshot. */
interface DocumentRead {
  version: string;
  document: string;
  /** Epoch ms the document was read for (holds lapsed by then are left out). */
  now: number;
  /** Epoch ms the first hold or unpaid booking in it lapses; null if none does. */
  lapses: number | null;
}

interface Computing {
  settled: Promise<void>;
  done: () => void;
  timer: ReturnType<typeof setTimeout>;
}

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
 * When it keeps nothing for a query it reads the query's document
 * (availability-document.ts) on a kept connection and sends its text to the asking
 * Worker, which runs the engine: with nothing kept and nothing held by the isolate the
 * answer is computed whatever the version, so the version comes in the document's
 * statement (one snapshot, one round trip) instead of a version read first.
 *
 * It keeps the documents it read, too, filed under their version and until the first hold
 * in them lapses: the same document is what a read would give until a write bumps the
 * version or that hold lapses, so a query that differs from one read before only in its
 * display zone is computed with no document statement. Requests for one document that
 * arrive together share one read (`FreshRead`: one sent after all of them arrived).
 *
 * Nothing here can show a taken slot that a per-request read would not: the version is
 * still read from Postgres for every request (trigger-kept, cache.ts), by a statement
 * sent after the request arrived, only over a kept connection and shared with requests
 * that arrived at the same moment.
 *
 * Long file: one Durable Object class; its connection pool, version reads, documents and
 * kept answers share the object's state and read best beside one another.
 */
export class TenantAvailability extends DurableObject<Env> {
  readonly #cache = new AvailabilityCache(MAX_BYTES);
  #versionConnection: Promise<KeptConnection> | undefined;
  #documentDatabase: OpenDatabase | undefined;
  #versions: FreshRead<string> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #lastUsed = 0;
  #running = 0;
  readonly #refreshing = new Set<string>();
  /** Answers a Worker is computing, by version and key: others asking wait for `keep`. */
  readonly #computing = new Map<string, Computing>();
  /** Document-and-version reads under way, by key: later requests let them register first. */
  readonly #firstReads = new Map<string, Promise<unknown>>();
  /** The version each query's document was last sent under: is an answer asked for again? */
  readonly #sent = new DocumentsSent(SENT_KEYS);
  /** Documents read, by `documentKey`, under the version read with them. */
  readonly #documents = new AvailabilityCache<string>(DOCUMENT_BYTES);
  /** The newest availability version this object has read. */
  #latestVersion: string | undefined;
  /** Document reads shared by the requests that arrive before each is sent, by `documentKey`. */
  readonly #documentReads = new Map<string, FreshRead<DocumentRead>>();

  async availability(request: AvailabilityRequest): Promise<AvailabilityAnswer> {
    const tenantId = this.#tenant(request.tenantId);
    this.#running++;
    try {
      const key = availabilityKey(request.query);
      const documentId = documentKey(request.query);
      const first = this.#firstReads.get(key);
      const arrived = Date.now();
      // Whatever is filed under a version older than one this object has read cannot be
      // served (versions only grow): it is as good as absent, and not worth a version read.
      const usable = (kept: { version: string } | undefined) =>
        kept !== undefined && !this.#outdated(kept.version);
      if (
        (request.held === null || this.#outdated(request.held)) &&
        !first &&
        !usable(this.#cache.peek(key, arrived)) &&
        !usable(this.#documents.peek(documentId, arrived))
      ) {
        return await this.#firstRead(tenantId, key, documentId, request.query);
      }
      const version = await this.#versionReads(tenantId).get();
      this.#noteVersion(version);
      // A first read of this key sent meanwhile registers its computation when it returns.
      if (first) await first.catch(() => undefined);
      const now = Date.now();
      const kept = this.#cache.peek(key, now);
      const entry = kept?.version === version ? kept : undefined;
      if (entry?.aged && entry.expiresAt - now < REFRESH_AHEAD_MS) {
        this.#refresh(tenantId, key, request.query, entry);
      }
      if (request.held === version) return { ok: true, version };
      if (entry) return { ok: true, version, body: entry.body, expiresAt: entry.expiresAt };
      // Computed by the asking Worker from a document read here, under this version.
      // Requests for the same answer meanwhile wait for it (`keep`) rather than compute
      // it again, for a while: a Worker that never sends it leaves them to compute.
      const id = `${version}\n${key}`;
      const computing = this.#computing.get(id);
      if (computing) {
        await computing.settled;
        const kept2 = this.#cache.peek(key, Date.now());
        if (kept2?.version === version) {
          return { ok: true, version, body: kept2.body, expiresAt: kept2.expiresAt };
        }
      }
      // Handed back when asked for again under this version by an isolate that does not
      // hold it, or when an answer kept before (now out of date) shows it is asked for.
      const sentBefore = this.#sent.note(key, version);
      const keep = sentBefore || kept !== undefined;
      if (keep && !this.#computing.has(id)) this.#startComputing(id);
      // A document kept under this version is the one a read now would give: no write
      // since, and no hold in it has lapsed (the entry ends when the first one does).
      const keptDocument = this.#documents.peek(documentId, Date.now());
      if (keptDocument?.version === version) {
        return { ok: true, version, document: keptDocument.body, now: Date.now(), keep };
      }
      // Versions only grow: one kept under another can never be used again.
      if (keptDocument) this.#documents.delete(documentId);
      // Read after the version: at least as new as it, so never older than its label.
      const read = await this.#sharedDocument(tenantId, documentId, request.query);
      this.#keepDocument(documentId, read);
      return { ok: true, version, document: read.document, now: read.now, keep };
    } catch (error) {
      const problem = expectedProblem(error);
      if (problem) return { ok: false, code: problem.code, detail: problem.message };
      throw error;
    } finally {
      this.#running--;
      this.#closeWhenIdle();
    }
  }

  /**
   * Nothing kept for `key` anywhere: the version and the document in one statement.
   * The answer is handed back to be kept only when its document was sent under this
   * version already, or an answer for it was kept before: a query asked once per version
   * (a month in a zone no one else uses, or any month right after a write) is not worth
   * sending back.
   */
  async #firstRead(
    tenantId: string,
    key: string,
    documentId: string,
    query: AvailabilityQueryInput,
  ): Promise<AvailabilityAnswer> {
    const reading = this.#sharedDocument(tenantId, documentId, query);
    this.#firstReads.set(key, reading);
    try {
      const read = await reading;
      this.#keepDocument(documentId, read);
      const { version, document, now } = read;
      const id = `${version}\n${key}`;
      const sentBefore = this.#sent.note(key, version);
      const computing = this.#computing.get(id);
      if (!computing) {
        // Whatever is kept for `key` here is out of date (or this read was not the first).
        const keep = sentBefore || this.#cache.peek(key, Date.now()) !== undefined;
        if (keep) this.#startComputing(id);
        return { ok: true, version, document, now, keep };
      }
      // Another request is computing this very answer: its body, else this document.
      await computing.settled;
      const kept = this.#cache.peek(key, Date.now());
      if (kept?.version === version) {
        return { ok: true, version, body: kept.body, expiresAt: kept.expiresAt };
      }
      return { ok: true, version, document, now, keep: true };
    } finally {
      if (this.#firstReads.get(key) === reading) this.#firstReads.delete(key);
    }
  }

  /** Notes a version read from Postgres: nothing filed under an older one is current. */
  #noteVersion(version: string): void {
    if (this.#latestVersion === undefined || olderVersion(this.#latestVersion, version)) {
      this.#latestVersion = version;
    }
  }

  /** Whether `version` is older than one read already (so not the current one). */
  #outdated(version: string): boolean {
    return this.#latestVersion !== undefined && olderVersion(version, this.#latestVersion);
  }

  #startComputing(id: string): void {
    let done = () => {};
    const settled = new Promise<void>((resolve) => {
      done = resolve;
    });
    const timer = setTimeout(() => this.#settle(id), WAIT_FOR_WORKER_MS);
    this.#computing.set(id, { settled, done, timer });
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

  /**
   * The query's document and its version, from a read sent after this call, shared with
   * the other requests for the same document that arrive before it is sent.
   */
  #sharedDocument(
    tenantId: string,
    documentId: string,
    query: AvailabilityQueryInput,
  ): Promise<DocumentRead> {
    let reads = this.#documentReads.get(documentId);
    if (!reads) {
      reads = new FreshRead(() => this.#readDocument(tenantId, query));
      this.#documentReads.set(documentId, reads);
    }
    const shared = reads;
    const reading = shared.get();
    const forget = () => {
      if (shared.idle && this.#documentReads.get(documentId) === shared) {
        this.#documentReads.delete(documentId);
      }
    };
    reading.then(forget, forget);
    return reading;
  }

  /**
   * A document read, filed under `read.version` until its first hold lapses. It replaces
   * the one kept for its key, if any: reads of one key are sent one after another
   * (`FreshRead`), so the last to come back is the newest.
   */
  #keepDocument(documentId: string, read: DocumentRead): void {
    this.#noteVersion(read.version);
    this.#documents.put(documentId, {
      version: read.version,
      body: read.document,
      expiresAt: read.lapses ?? Number.POSITIVE_INFINITY,
    });
  }

  /** The query's document as text (availability-document.ts) and its version, read now. */
  async #readDocument(tenantId: string, query: AvailabilityQueryInput): Promise<DocumentRead> {
    const now = Date.now();
    const statement = availabilityDocumentStatement(tenantId, query, new Date(now));
    this.#documentDatabase ??= openDatabase(this.env, { kept: true, max: DOCUMENT_CONNECTIONS });
    const database = this.#documentDatabase;
    try {
      // Named statements (`preparedName`): the pool's connections are kept, so each
      // parses a query shape's ~3 KB of SQL once, and then Postgres plans it from the
      // parameters alone.
      const rows = await new TenantDb(database.db, tenantId, { prepared: true }).query<{
        version: string;
        doc: string;
        lapses: string | null;
      }>(statement);
      const row = rows[0];
      const lapses = row?.lapses == null ? null : Number(row.lapses);
      return { version: row?.version ?? '', document: row?.doc ?? 'null', now, lapses };
    } catch (error) {
      if (isBroken(error)) this.#drop(database);
      throw error;
    }
  }

  /**
   * Computes `key` again after the answer, under the version read with its document, as
   * any computation (cache.ts): kept only if the entry it replaces is still the one that
   * asked for it.
   */
  #refresh(tenantId: string, key: string, query: AvailabilityQueryInput, entry: Entry): void {
    if (this.#refreshing.has(key)) return;
    this.#refreshing.add(key);
    this.#running++;
    const run = async () => {
      const { version, document, now } = await this.#readDocument(tenantId, query);
      const computed = computeFromDocument(document, query, new Date(now));
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

  /**
   * The tenant's version token (cache.ts), one statement shared by concurrent requests,
   * on a connection kept checked out (no pool acquire and release per read).
   */
  #versionReads(tenantId: string): FreshRead<string> {
    this.#versions ??= new FreshRead(async () => {
      if (!this.#versionConnection) {
        const opening = openKeptConnection(this.env);
        this.#versionConnection = opening;
        // Dropped when it breaks while idle, too: the next read opens a new one.
        opening.then(
          ({ client }) => client.on('error', () => this.#dropVersionConnection(opening)),
          () => this.#dropVersionConnection(opening),
        );
      }
      const opening = this.#versionConnection;
      try {
        const { client } = await opening;
        const { rows } = await client.query<{ version: string }>({
          name: preparedName(VERSION_READ),
          text: VERSION_READ,
          values: [tenantId],
        });
        return rows[0]?.version ?? '0';
      } catch (error) {
        if (isBroken(error)) this.#dropVersionConnection(opening);
        throw error;
      }
    });
    return this.#versions;
  }

  #dropVersionConnection(opening: Promise<KeptConnection>): void {
    if (this.#versionConnection === opening) this.#versionConnection = undefined;
    this.ctx.waitUntil(opening.then((connection) => connection.close()).catch(() => undefined));
  }

  /** A broken connection is not reused: the next request opens a new one. */
  #drop(database: OpenDatabase): void {
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
      if (this.#documentDatabase) this.#drop(this.#documentDatabase);
      if (this.#versionConnection) this.#dropVersionConnection(this.#versionConnection);
    };
    this.#idleTimer = setTimeout(check, IDLE_CLOSE_MS);
  }
}

/** Not a statement's refusal (which leaves the connection healthy) nor one of our rules. */
function isBroken(error: unknown): boolean {
  return !sqlState(error) && !(error instanceof ApiError);
}
