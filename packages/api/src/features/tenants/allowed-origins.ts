import { eq } from 'drizzle-orm';
import { bookingEmbedWidgets } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

/**
 * A tenant's allowed embedding domains: its own list plus those of its active
 * widgets. Empty means every origin may book (DESIGN §8).
 */
export async function allowedDomains(
  tdb: TenantDb,
  tenantDomains: readonly string[],
): Promise<string[]> {
  const widgets = await tdb.list(bookingEmbedWidgets, {
    where: eq(bookingEmbedWidgets.status, 'active'),
  });
  const all = new Set(tenantDomains);
  for (const widget of widgets) for (const domain of widget.allowed_domains) all.add(domain);
  return [...all];
}
