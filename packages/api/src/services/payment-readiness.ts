import { isNotNull, or } from 'drizzle-orm';
import { bookingPaymentSettings } from '../db/schema/index.ts';
import type { TenantDb } from '../db/tenant-db.ts';
import { ApiError } from '../errors/api-error.ts';

/**
 * A deposit is charged through the business's own Stripe account (DESIGN §5), so a
 * service may only require one once the tenant has connected Stripe: its own secret key,
 * or a Connect account id. Until then a booking of the service could never be paid.
 *
 * NOTE (issue 7, payments): `payment-settings` routes do not exist yet, so today this
 * only passes for rows written directly; when issue 7 lands, it should also require the
 * webhook secret the confirmation path depends on, and decide what happens to services
 * with deposits when the settings are removed.
 */
export async function assertDepositsPossible(tdb: TenantDb): Promise<void> {
  const [settings] = await tdb.list(bookingPaymentSettings, {
    where: or(
      isNotNull(bookingPaymentSettings.secret_key_encrypted),
      isNotNull(bookingPaymentSettings.stripe_account_id),
    ),
    limit: 1,
  });
  if (!settings) {
    throw new ApiError(
      'unprocessable',
      'Deposits are charged through your Stripe account: connect Stripe first (payment-settings), then require a deposit.',
      { errors: [{ path: 'deposit_required', message: 'connect Stripe first' }] },
    );
  }
}
