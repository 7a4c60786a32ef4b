import { eq, sql } from 'drizzle-orm';
import { bookingCalendarConnections } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

/** Merges keys into `sync_state` in SQL, so a sync and a channel renewal do not undo each other. */
export async function patchState(
  tdb: TenantDb,
  connectionId: string,
  patch: object,
  columns: Partial<typeof bookingCalendarConnections.$inferInsert> = {},
): Promise<void> {
  await tdb
    .raw()
    .update(bookingCalendarConnections)
    .set({
      ...columns,
      sync_state: sql`${bookingCalendarConnections.sync_state} || ${JSON.stringify(patch)}::jsonb`,
    })
    .where(tdb.scope(bookingCalendarConnections, eq(bookingCalendarConnections.id, connectionId)));
}
