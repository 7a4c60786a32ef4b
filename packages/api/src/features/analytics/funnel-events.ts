import type { FunnelEvent } from '@booksprintz/shared';
import { bookingAnalyticsEvents } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

/**
 * Stores one funnel step of the widget: one insert, nothing else on the request's
 * path. No cookie, no address, no user agent: only the step, the random per-page-view
 * session, and the site (its Origin) and widget it came from — counts, not people.
 */
export async function recordFunnelEvent(
  tdb: TenantDb,
  event: FunnelEvent,
  origin: string | null,
): Promise<void> {
  await tdb
    .raw()
    .insert(bookingAnalyticsEvents)
    .values({
      tenant_id: tdb.tenantId,
      event_type: event.type,
      session_id: event.session,
      event_data: { origin, widget_id: event.widget_id ?? null },
    });
}
