import { sql } from 'drizzle-orm';
import type { TenantDb } from '../../db/tenant-db.ts';

/**
 * Runs `work` in one transaction whose session time zone is the business's, so
 * that local days and hours are read with `start_time::date`, `date_part('hour',
 * start_time)` and the like.
 *
 * Why not `start_time AT TIME ZONE $zone`: Postgres resolves a zone given by name on
 * every call (it first tries the name as an abbreviation, then loads the zone), which
 * on 50,000 rows costs more than the scan. The session zone is resolved once. Both use
 * Postgres's own zone rules, and for an IANA name (all a business can have, see
 * `isValidTimeZone`) they are the same rules: the figures do not change.
 */
export function inBusinessZone<T>(
  tdb: TenantDb,
  zone: string,
  work: (tx: TenantDb) => Promise<T>,
): Promise<T> {
  return tdb.transaction(async (tx) => {
    // `set_config(…, true)` is `SET LOCAL`: it ends with this transaction, whatever
    // the connection does next.
    await tx.raw().execute(sql`SELECT set_config('TimeZone', ${zone}, true)`);
    return work(tx);
  });
}
