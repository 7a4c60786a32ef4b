import { ne } from 'drizzle-orm';
import { bookingLocations, bookingServices, bookingStaff } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';

/** What each plan limit counts. The one place limits are enforced is below. */
export const LIMITED = {
  staff: { table: bookingStaff, limit: 'max_staff', noun: 'staff members' },
  services: { table: bookingServices, limit: 'max_services', noun: 'services' },
  locations: { table: bookingLocations, limit: 'max_locations', noun: 'locations' },
} as const;

/**
 * Refuses to create one more staff member, service or location than the tenant's plan
 * allows (archived ones do not count), with a 403 that says which limit and how to lift it.
 */
export async function assertBelowPlanLimit(
  tdb: TenantDb,
  resource: keyof typeof LIMITED,
): Promise<void> {
  const { table, limit, noun } = LIMITED[resource];
  const [tenant, used] = await Promise.all([
    tdb.tenant(),
    tdb.count(table, ne(table.status, 'archived')),
  ]);
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const allowed = tenant[limit];
  if (used >= allowed) {
    throw new ApiError(
      'forbidden',
      `The ${tenant.plan_tier} plan allows ${allowed} ${noun}; archive one or upgrade the plan.`,
    );
  }
}
