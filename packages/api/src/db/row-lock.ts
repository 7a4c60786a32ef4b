import { eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { bookingTenants } from './schema/index.ts';
import type { TenantDb, TenantTable } from './tenant-db.ts';

/**
 * Reads one of this tenant's rows and locks it until the transaction ends, so that a
 * read-merge-validate-write update cannot interleave with another and leave a row that
 * neither request would have accepted. Call inside `tdb.transaction`. `NO KEY UPDATE`:
 * the id never changes, and bookings inserting rows that reference this one (a foreign
 * key takes `KEY SHARE`) must not wait for an admin's edit.
 */
export async function lockRow<T extends TenantTable>(
  tdb: TenantDb,
  table: T,
  id: string,
): Promise<T['$inferSelect'] | undefined> {
  const rows = await tdb
    .raw()
    .select()
    .from(table as PgTable)
    .where(tdb.scope(table, eq(table.id, id)))
    .for('no key update');
  return rows[0] as T['$inferSelect'] | undefined;
}

/**
 * Serialises a tenant's check-then-write steps that count rows (plan limits, "the last
 * owner key"): two concurrent creates would otherwise both count N−1 and both insert.
 * `NO KEY UPDATE`, as in `lockRow`.
 */
export async function lockTenant(tdb: TenantDb): Promise<void> {
  await tdb
    .raw()
    .select({ id: bookingTenants.id })
    .from(bookingTenants)
    .where(eq(bookingTenants.id, tdb.tenantId))
    .for('no key update');
}
