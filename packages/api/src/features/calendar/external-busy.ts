import type { ExternalBusy, ExternalBusyQuery } from '@booksprintz/shared';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { bookingExternalBusy } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

export interface ExternalBusyContext {
  tdb: TenantDb;
  /** The business's zone: `start_date` and `end_date` are its days. */
  zone: string;
  /** A staff key or session sees only its own member's busy time. */
  ownStaffId: string | null;
}

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The busy time from connected calendars that overlaps the asked-for days, as the
 * availability engine sees it (every row of `booking_external_busy`, whatever the
 * connection's status: the last good read keeps blocking). Overlapping and touching
 * intervals of one staff member are merged, so two calendars with the same meeting
 * show one block, and nothing about the events themselves leaves the server.
 */
export async function listExternalBusy(
  ctx: ExternalBusyContext,
  query: ExternalBusyQuery,
): Promise<ExternalBusy[]> {
  // Local midnights through the zone's rules: a DST day is 23 or 25 hours long.
  const from = DateTime.fromISO(query.start_date, { zone: ctx.zone }).startOf('day').toJSDate();
  const to = DateTime.fromISO(query.end_date, { zone: ctx.zone })
    .plus({ days: 1 })
    .startOf('day')
    .toJSDate();
  const staffId = ctx.ownStaffId ?? query.staff_id;
  const rows = await ctx.tdb.list(bookingExternalBusy, {
    where: and(
      lt(bookingExternalBusy.starts_at, to),
      gt(bookingExternalBusy.ends_at, from),
      staffId ? eq(bookingExternalBusy.staff_id, staffId) : undefined,
    ),
    orderBy: [asc(bookingExternalBusy.staff_id), asc(bookingExternalBusy.starts_at)],
  });
  const merged: Array<{ staff_id: string; starts_at: Date; ends_at: Date }> = [];
  for (const row of rows) {
    const last = merged.at(-1);
    if (last && last.staff_id === row.staff_id && row.starts_at <= last.ends_at) {
      if (row.ends_at > last.ends_at) last.ends_at = row.ends_at;
      continue;
    }
    merged.push({ staff_id: row.staff_id, starts_at: row.starts_at, ends_at: row.ends_at });
  }
  return merged.map((item) => ({
    staff_id: item.staff_id,
    starts_at: iso(item.starts_at),
    ends_at: iso(item.ends_at),
  }));
}
