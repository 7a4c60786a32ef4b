import type { ExternalBusy } from '@booksprintz/shared';
import { api, tenantPath } from '../api.ts';

/**
 * Busy time from the team's connected calendars for the business's days `startDate`…
 * `endDate` (at most 62), merged per staff member: what the owner calendar draws as
 * "busy elsewhere" blocks. Staff-role sessions get only their own.
 *
 * @example
 * const busy = await loadExternalBusy(tenant.id, '2026-12-07', '2026-12-13');
 * for (const block of busy) console.log(block.staff_id, block.starts_at, block.ends_at);
 */
export async function loadExternalBusy(
  tenantId: string,
  startDate: string,
  endDate: string,
  staffId?: string,
): Promise<ExternalBusy[]> {
  const query = new URLSearchParams({ start_date: startDate, end_date: endDate });
  if (staffId) query.set('staff_id', staffId);
  const page = await api.get<{ data: ExternalBusy[] }>(
    tenantPath(tenantId, `/external-busy?${query}`),
  );
  return page.data;
}
