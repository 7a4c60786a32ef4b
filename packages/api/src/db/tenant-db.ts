import { and, count, eq, type SQL, sum } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client.ts';
import { type PgFragment, pgText, preparedName } from './pg-text.ts';
import { bookingAvailabilityVersions, bookingTenants } from './schema/index.ts';

/** A table whose rows belong to one tenant. */
export type TenantTable = PgTable & { tenant_id: PgColumn; id: PgColumn };

type Row<T extends TenantTable> = T['$inferSelect'];
type NewRow<T extends TenantTable> = Omit<T['$inferInsert'], 'tenant_id' | 'id'>;
type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;
type Transactional = Executor & Pick<Database, 'transaction'>;

export interface ListOptions {
  where?: SQL | undefined;
  orderBy?: SQL | PgColumn | Array<SQL | PgColumn>;
  limit?: number;
}

/**
 * The only way routes and services touch tenant-owned tables: every read, write and
 * delete is ANDed with `tenant_id = <this tenant>`, and inserts get the tenant id
 * stamped in. There is no method that takes a table without adding the tenant, so
 * forgetting it is not possible through this type; `raw()` exists for joins and locks,
 * and is named so that reviews look twice.
 *
 * @example
 * const staff = await tenantDb(db, auth.tenantId).get(bookingStaff, staffId);
 */
export class TenantDb {
  readonly tenantId: string;
  #open: (() => Executor) | undefined;
  #opened: Executor | undefined;
  /**
   * Set when the caller already runs this connection inside a transaction that holds
   * this staff member's advisory lock (`keptTransaction`): `lockStaffCalendar` for
   * them sends nothing, and `transaction()` joins the open one.
   */
  readonly lockedStaffId: string | undefined;
  /**
   * No transaction is open: each statement commits on its own. Only the SlotLock's fast
   * booking path runs so (`bookUnderLock`), and leaves with `NeedsTransaction` for
   * anything that needs more than one write.
   */
  readonly autocommit: boolean;
  readonly #inTransaction: boolean;
  readonly #prepared: boolean;

  /**
   * `executor` may be a function that opens the database on first use: a request
   * answered without a query (availability is read by its Durable Object) then sets up
   * no pool at all.
   */
  constructor(
    executor: Executor | (() => Executor),
    tenantId: string,
    options: {
      inTransaction?: boolean;
      lockedStaffId?: string | undefined;
      autocommit?: boolean;
      /** The connection is kept across operations: `query` names its statements. */
      prepared?: boolean;
    } = {},
  ) {
    if (typeof executor === 'function') this.#open = executor;
    else this.#opened = executor;
    this.tenantId = tenantId;
    this.#inTransaction = options.inTransaction === true;
    this.lockedStaffId = options.lockedStaffId;
    this.autocommit = options.autocommit === true;
    this.#prepared = options.prepared === true;
  }

  get #executor(): Executor {
    if (this.#opened === undefined) {
      this.#opened = (this.#open as () => Executor)();
      this.#open = undefined;
    }
    return this.#opened;
  }

  /** `table.tenant_id = tenant AND …conditions`: for hand-written queries. */
  scope(table: TenantTable, ...conditions: Array<SQL | undefined>): SQL {
    return and(eq(table.tenant_id, this.tenantId), ...conditions) as SQL;
  }

  async list<T extends TenantTable>(table: T, options: ListOptions = {}): Promise<Row<T>[]> {
    let query = this.#executor
      .select()
      .from(table as PgTable)
      .where(this.scope(table, options.where))
      .$dynamic();
    if (options.orderBy) {
      const order = Array.isArray(options.orderBy) ? options.orderBy : [options.orderBy];
      query = query.orderBy(...order);
    }
    if (options.limit) query = query.limit(options.limit);
    return (await query) as Row<T>[];
  }

  async get<T extends TenantTable>(table: T, id: string, where?: SQL): Promise<Row<T> | undefined> {
    const rows = await this.#executor
      .select()
      .from(table as PgTable)
      .where(this.scope(table, eq(table.id, id), where))
      .limit(1);
    return rows[0] as Row<T> | undefined;
  }

  async count<T extends TenantTable>(table: T, where?: SQL): Promise<number> {
    const [row] = await this.#executor
      .select({ n: count() })
      .from(table as PgTable)
      .where(this.scope(table, where));
    return row?.n ?? 0;
  }

  async insert<T extends TenantTable>(table: T, values: NewRow<T>): Promise<Row<T>> {
    const [row] = await this.#executor
      .insert(table)
      .values({ ...values, tenant_id: this.tenantId } as T['$inferInsert'])
      .returning();
    return row as Row<T>;
  }

  /** INSERT … ON CONFLICT (target) DO UPDATE SET …, within this tenant. */
  async upsert<T extends TenantTable>(
    table: T,
    values: NewRow<T>,
    target: PgColumn[],
    set: Record<string, unknown>,
  ): Promise<Row<T>> {
    const rows = (await this.#executor
      .insert(table)
      .values({ ...values, tenant_id: this.tenantId } as T['$inferInsert'])
      .onConflictDoUpdate({ target, set, setWhere: eq(table.tenant_id, this.tenantId) })
      .returning()) as unknown as Row<T>[];
    if (!rows[0]) throw new Error('upsert returned nothing');
    return rows[0];
  }

  async update<T extends TenantTable>(
    table: T,
    id: string,
    values: Partial<NewRow<T>>,
    where?: SQL,
  ): Promise<Row<T> | undefined> {
    const rows = (await this.#executor
      .update(table)
      .set(values as never)
      .where(this.scope(table, eq(table.id, id), where))
      .returning()) as unknown as Row<T>[];
    return rows[0];
  }

  /** Deletes matching rows of this tenant; returns how many went. */
  async delete<T extends TenantTable>(table: T, where: SQL): Promise<number> {
    const rows = await this.#executor
      .delete(table)
      .where(this.scope(table, where))
      .returning({ id: table.id });
    return rows.length;
  }

  /** This tenant's own row (the tenants table is keyed by the tenant id itself). */
  async tenant(): Promise<typeof bookingTenants.$inferSelect | undefined> {
    const [row] = await this.#executor
      .select()
      .from(bookingTenants)
      .where(eq(bookingTenants.id, this.tenantId))
      .limit(1);
    return row;
  }

  async updateTenant(
    values: Partial<typeof bookingTenants.$inferInsert>,
  ): Promise<typeof bookingTenants.$inferSelect | undefined> {
    const { id: _id, ...changes } = values;
    const [row] = await this.#executor
      .update(bookingTenants)
      .set(changes)
      .where(eq(bookingTenants.id, this.tenantId))
      .returning();
    return row;
  }

  /**
   * A token that changes whenever anything availability is computed from changes for
   * this tenant: the sum of its trigger-kept counters (booking_availability_versions).
   */
  async availabilityVersion(): Promise<string> {
    const [row] = await this.#executor
      .select({ version: sum(bookingAvailabilityVersions.version) })
      .from(bookingAvailabilityVersions)
      .where(eq(bookingAvailabilityVersions.tenant_id, this.tenantId));
    return row?.version ?? '0';
  }

  /** Deletes the tenant; ON DELETE CASCADE takes every row it owns with it. */
  async deleteTenant(): Promise<void> {
    await this.#executor.delete(bookingTenants).where(eq(bookingTenants.id, this.tenantId));
  }

  /** Runs `work` in one transaction (a savepoint when already inside one). */
  transaction<R>(work: (tx: TenantDb) => Promise<R>): Promise<R> {
    // Inside a transaction opened as text: the work joins it (an error aborts it all).
    if (this.#inTransaction) return work(this);
    const executor = this.#executor as Transactional;
    return executor.transaction((tx) =>
      work(new TenantDb(tx as unknown as Executor, this.tenantId)),
    );
  }

  /**
   * Runs one `pg` statement on this executor's connection (inside its transaction, if
   * any), past drizzle's SQL builder: for hot statements only. Scope it by tenant_id.
   */
  async query<R>(statement: PgFragment): Promise<R[]> {
    return queryText<R>(this.#executor, statement, { prepared: this.#prepared });
  }

  /** The underlying drizzle handle, for joins and locks. Scope every query with `scope()`. */
  raw(): Executor {
    return this.#executor;
  }
}

export function tenantDb(db: Database, tenantId: string): TenantDb {
  return new TenantDb(db, tenantId);
}

/**
 * One `pg` statement on a drizzle handle's connection (its transaction's, if it is
 * one), past drizzle's SQL builder. Not scoped to a tenant: `TenantDb.query` is the way
 * for tenant data; this is for the cross-tenant senders (outbox-claims.ts).
 */
export async function queryText<R>(
  executor: unknown,
  statement: PgFragment,
  /** Named (`preparedName`): only on a connection kept across operations. */
  options: { prepared?: boolean } = {},
): Promise<R[]> {
  const { text, params } = pgText(statement);
  const client = (
    executor as {
      session?: {
        client?: {
          query(query: { text: string; values: unknown[]; name?: string }): Promise<{ rows: R[] }>;
        };
      };
    }
  ).session?.client;
  if (!client) throw new Error('queryText needs a drizzle database with a session client');
  const name = options.prepared ? preparedName(text) : undefined;
  return (await client.query(name ? { name, text, values: params } : { text, values: params }))
    .rows;
}
