import { type Database, openDatabase } from '../../db/client.ts';
import { findActiveTenantBySlug } from '../../db/lookups.ts';
import type { BookingTenant } from '../../db/schema/index.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import { allowedDomains } from './allowed-origins.ts';

export interface PublicTenant {
  tenant: BookingTenant;
  /** Its own allowed domains plus its active widgets'. */
  allowed: string[];
}

/**
 * Every public request starts by resolving the slug and the allowed domains; both
 * change rarely, so an isolate keeps them for a few seconds. Changes made through this
 * isolate drop the entry at once (`forgetTenant`); other isolates see a change within
 * TTL_MS of it. Bookings and availability never read from here — only the business's
 * settings do.
 */
const TTL_MS = 5_000;
/**
 * An entry this old is read again by one request after its answer (`waitUntil`), so
 * that under steady traffic it is renewed before it expires. Before (issue 21), every
 * request in flight when it expired read it at once, each on a database session of its
 * own: under fifty concurrent visitors, a burst of sessions every five seconds.
 */
const REFRESH_AFTER_MS = 4_000;
const MAX_ENTRIES = 1_000;

interface Entry<T> {
  value: T;
  /** When the read that gave it was sent: it is served until `at + TTL_MS`. */
  at: number;
  /**
   * Its renewal was started: one per entry (one that fails or never comes back leaves
   * the entry to expire, and the next request reads it as before).
   */
  renewing?: boolean;
}

/**
 * Values by key, each served for TTL_MS after the read that gave it was sent and renewed
 * ahead of that by one caller (the cache logic of `publicTenantBySlug`, apart from the
 * database so that it can be tested with a clock).
 */
export class RefreshAheadCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  /** Bumped by `forget`: a read sent before it does not put its value back. */
  #generation = 0;

  /**
   * The value for `key`: kept if younger than TTL_MS, else read now (`read`). A kept one
   * older than REFRESH_AFTER_MS is also read again with `refresh.read`, handed to
   * `refresh.waitUntil`, by one caller. Undefined values (not found) are not kept.
   */
  async get(
    key: string,
    read: () => Promise<T | undefined>,
    options: {
      now?: number;
      refresh?: {
        read: () => Promise<T | undefined>;
        waitUntil: (work: Promise<unknown>) => void;
      };
    } = {},
  ): Promise<T | undefined> {
    const now = options.now ?? Date.now();
    const kept = this.#entries.get(key);
    if (kept && now - kept.at < TTL_MS) {
      const refresh = options.refresh;
      if (refresh && now - kept.at >= REFRESH_AFTER_MS && !kept.renewing) {
        kept.renewing = true;
        refresh.waitUntil(this.#read(key, refresh.read, now).catch(() => undefined));
      }
      return kept.value;
    }
    return this.#read(key, read, now);
  }

  async #read(key: string, read: () => Promise<T | undefined>, now: number) {
    const generation = this.#generation;
    const value = await read();
    if (generation !== this.#generation) return value;
    if (value === undefined) {
      this.#entries.delete(key);
      return undefined;
    }
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(key)) {
      this.#entries.delete(this.#entries.keys().next().value ?? '');
    }
    this.#entries.set(key, { value, at: now });
    return value;
  }

  /** Drops the entries `matches` picks, and keeps reads already sent from putting them back. */
  forget(matches: (value: T) => boolean): void {
    this.#generation++;
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.#entries.delete(key);
  }
}

const bySlug = new RefreshAheadCache<PublicTenant>();

async function readPublicTenant(db: Database, slug: string): Promise<PublicTenant | undefined> {
  const tenant = await findActiveTenantBySlug(db, slug);
  if (!tenant) return undefined;
  const allowed = await allowedDomains(new TenantDb(db, tenant.id), tenant.allowed_domains);
  return { tenant, allowed };
}

/**
 * The active tenant under `slug` and its allowed domains, from this isolate's cache.
 * With `refresh` (the Worker's env and the request's `waitUntil`) this request renews an
 * entry about to expire after its answer, on a database of its own (the request's is
 * closed once the answer is sent).
 */
export async function publicTenantBySlug(
  database: Database | (() => Database),
  slug: string,
  refresh?: {
    env: { DATABASE_URL: string; NEON_WS_PROXY?: string };
    waitUntil: (work: Promise<unknown>) => void;
  },
): Promise<PublicTenant | undefined> {
  return bySlug.get(
    slug,
    // Opened only now: a request served from the cache sets up no database pool.
    () => readPublicTenant(typeof database === 'function' ? database() : database, slug),
    refresh
      ? {
          refresh: {
            read: async () => {
              const opened = openDatabase(refresh.env);
              try {
                return await readPublicTenant(opened.db, slug);
              } finally {
                await opened.close().catch(() => undefined);
              }
            },
            waitUntil: refresh.waitUntil,
          },
        }
      : {},
  );
}

/** Drops a tenant's cached settings after a change to the tenant or its widgets. */
export function forgetTenant(tenantId: string): void {
  bySlug.forget((entry) => entry.tenant.id === tenantId);
}
