import { type SQL, sql } from 'drizzle-orm';
import type { Period } from './period.ts';

/** Whose figures: the whole business, or one staff member (a staff key sees only itself). */
export interface FigureScope {
  tenantId: string;
  staffId: string | null;
  zone: string;
}

/**
 * The appointments a figure counts: those starting in the period, for the scope, minus
 * lapsed holds (unpaid bookings the system cancelled), which were never bookings.
 */
export function countedAppointments(scope: FigureScope, period: Period): SQL {
  return sql`a.tenant_id = ${scope.tenantId}
    AND a.start_time >= ${period.from.toISOString()} AND a.start_time < ${period.to.toISOString()}
    AND NOT (a.status = 'cancelled' AND a.cancelled_by = 'system')
    ${scope.staffId ? sql`AND a.staff_id = ${scope.staffId}` : sql``}`;
}

/** Statuses whose price is revenue: kept appointments, not cancelled or no-shows. */
export const EARNING = sql`a.status IN ('confirmed', 'completed')`;

export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
