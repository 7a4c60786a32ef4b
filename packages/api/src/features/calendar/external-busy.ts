import type { ExternalBusy, ExternalBusyQuery } from '@booksprintz/shared';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { bookingExternalBusy } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toInstant } from '../../http/serialize.ts';
import type { KeyAuth } from '../accounts/key-auth.ts';

/** The most intervals one answer carries: a week of a busy team is far below it. */
const MAX_ROWS = 5000;

/**
 * Busy time imported from outside calendars that overlaps the business's days
 * `start_date`…`end_date` (its zone), for the calendar to grey out. A staff key sees
 * only its own staff member's.
 */
export async function listExternalBusy(
  tdb: TenantDb,
  auth: KeyAuth,
  zone: string,
  query: ExternalBusyQuery,
): Promise<ExternalBusy[]> {
  const from = DateTime.fromISO(query.start_date, { zone }).startOf('day').toJSDate();
  const until = DateTime.fromISO(query.end_date, { zone }).plus({ days: 1 }).startOf('day');
  const staffId = auth.role === 'staff' ? (auth.staffId ?? null) : (query.staff_id ?? null);
  if (auth.role === 'staff' && (!staffId || (query.staff_id && query.staff_id !== staffId))) {
    return [];
  }
  const rows = await tdb.list(bookingExternalBusy, {
    where: and(
      lt(bookingExternalBusy.starts_at, until.toJSDate()),
      gt(bookingExternalBusy.ends_at, from),
      staffId ? eq(bookingExternalBusy.staff_id, staffId) : undefined,
    ),
    orderBy: [asc(bookingExternalBusy.starts_at)],
    limit: MAX_ROWS,
  });
  return rows.map((row) => ({
    staff_id: row.staff_id,
    start_time: toInstant(row.starts_at),
    end_time: toInstant(row.ends_at),
  }));
}
