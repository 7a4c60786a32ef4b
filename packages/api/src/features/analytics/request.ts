import type { AnalyticsQuery } from '@booksprintz/shared';
import type { BookingTenant } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import type { FigureScope } from './scope.ts';

export interface FigureRequest {
  tdb: TenantDb;
  tenant: BookingTenant;
  query: AnalyticsQuery;
  /** Set for staff-role callers: their own figures only. */
  ownStaffId: string | null;
}

export function scopeOf(request: FigureRequest): FigureScope {
  return {
    tenantId: request.tdb.tenantId,
    staffId: request.ownStaffId ?? request.query.staff_id ?? null,
    zone: request.tenant.timezone,
  };
}

export const num = (value: unknown): number => Number(value ?? 0);
export const rate = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
