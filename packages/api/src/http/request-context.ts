import { CUSTOMER_CAPS } from '@booksprintz/shared';
import type { Context } from 'hono';
import type { BookingTenant } from '../db/schema/index.ts';
import type { TenantDb } from '../db/tenant-db.ts';
import type { AppEnv } from '../env.ts';
import type { AdminContext } from '../features/booking/admin-appointments.ts';
import type { PublicContext } from '../features/booking/public-booking.ts';
import type { PaymentSettingsContext } from '../features/payments/payment-settings.ts';
import { ApiError } from './api-error.ts';
import { clientAddress } from './client-address.ts';
import { limitsOn, tenantWriteBudget } from './rate-limits.ts';

/**
 * The one place a request becomes the context a feature takes: which tenant, its
 * scoped database, where links should point, who is calling. Routes call these rather
 * than assembling the objects themselves, so a new field (a clock, a locale) is added
 * here once.
 */

/** Where links in responses point: the API's own origin, as the client reached it. */
export function apiOrigin(c: Context<AppEnv>): string {
  return new URL(c.req.url).origin;
}

/**
 * A customer's request: the tenant `publicTenant` resolved from the slug, unless the
 * caller resolved it another way (the manage page).
 */
export function bookingContext(
  c: Context<AppEnv>,
  tenant: BookingTenant = c.get('tenant'),
  tdb: TenantDb = c.get('tenantDb'),
): PublicContext {
  return {
    env: c.env,
    tdb,
    tenant,
    origin: apiOrigin(c),
    clientAddress: clientAddress(c),
    caps: limitsOn(c.env) ? CUSTOMER_CAPS : undefined,
    spendTenantBudget: tenantWriteBudget(c),
  };
}

/** A key holder's request on `/tenants/:tenant_id/…` (after `requireTenantKey`). */
export async function adminContext(c: Context<AppEnv>): Promise<AdminContext> {
  const tdb = c.get('tenantDb');
  const tenant = await tdb.tenant();
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  return { env: c.env, tdb, tenant, origin: apiOrigin(c), auth: c.get('auth') };
}

export function paymentSettingsContext(c: Context<AppEnv>): PaymentSettingsContext {
  return { env: c.env, tdb: c.get('tenantDb'), origin: apiOrigin(c) };
}
