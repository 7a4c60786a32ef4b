import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bookingTenants, bookingTenantUsers } from '../../db/schema/index.ts';

/**
 * Where e-mailed links point: the owner app's screens (`/app/…`, DASHBOARD.md) on the
 * public origin, which is PUBLIC_BASE_URL when set and the request's own origin otherwise.
 */
export function appLink(origin: string, path: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;
}

/** The business an account message about the person (not a business) is filed under. */
export async function firstTenantOf(db: Pick<Database, 'select'>, userId: string) {
  const [row] = await db
    .select({
      id: bookingTenants.id,
      business_name: bookingTenants.business_name,
      primary_color: bookingTenants.primary_color,
      locale: bookingTenants.locale,
    })
    .from(bookingTenantUsers)
    .innerJoin(bookingTenants, eq(bookingTenants.id, bookingTenantUsers.tenant_id))
    .where(eq(bookingTenantUsers.user_id, userId))
    .orderBy(asc(bookingTenantUsers.created_at))
    .limit(1);
  return row;
}
