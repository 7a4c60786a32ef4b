import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import {
  depositsPossible,
  loadPaymentSettings,
} from '../../integrations/stripe/stripe-connection.ts';

/**
 * A deposit is charged through the business's own Stripe account (DESIGN §5), so a
 * service may only require one once the tenant has connected Stripe (`payment-settings`:
 * its own keys, or a Connect account id) including the webhook secret that confirms
 * payments. Until then a booking of the service could never be paid or confirmed.
 * The reverse — removing the settings while a service requires a deposit — is refused
 * by `updatePaymentSettings`.
 */
export async function assertDepositsPossible(tdb: TenantDb): Promise<void> {
  if (!depositsPossible(await loadPaymentSettings(tdb))) {
    throw new ApiError(
      'unprocessable',
      'Deposits are charged through your Stripe account: connect Stripe first (payment-settings: keys and webhook secret, or a Connect account), then require a deposit.',
      { errors: [{ path: 'deposit_required', message: 'connect Stripe first' }] },
    );
  }
}
