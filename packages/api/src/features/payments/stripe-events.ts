import { eq } from 'drizzle-orm';
import { appointments } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { errorForLog } from '../../http/error-log.ts';
import { stripeConnection } from '../../integrations/stripe/stripe-connection.ts';
import { verifyStripeEvent } from '../../integrations/stripe/stripe-webhook.ts';
import type { SettleOutcome } from '../booking/lock-protocol.ts';
import { unwrap } from '../booking/public-booking.ts';
import { slotLock } from '../booking/slot-lock/slot-lock-handle.ts';
import { cancelPaymentIntent, issueDueRefund } from './refunds.ts';

/** What the webhook did with an event; `outcome` is echoed to Stripe for its logs. */
export type WebhookOutcome = SettleOutcome | 'processing';

/**
 * `POST /webhooks/stripe/:tenant_id`: an event from the business's Stripe account,
 * applied to the deposit it is about once its signature checks out
 * (`verifyStripeEvent`; a bad or missing signature is a 400 and changes nothing).
 * Events about PaymentIntents this tenant does not know (another tenant's, or not a
 * deposit) are acknowledged and ignored.
 *
 * A failure to reach Stripe or the database surfaces as 5xx so that Stripe redelivers;
 * an event already handled is acknowledged again without effect.
 */
export async function handleStripeEvent(
  env: Env,
  tdb: TenantDb,
  rawBody: string,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  const event = await verifyStripeEvent(env, tdb, rawBody, signature);
  if (event.type !== 'payment_intent.succeeded' && event.type !== 'payment_intent.payment_failed') {
    return 'ignored';
  }
  const intent = event.data.object;
  const [appointment] = await tdb.list(appointments, {
    where: eq(appointments.stripe_payment_intent_id, intent.id),
    limit: 1,
  });
  if (!appointment || (intent.metadata?.tenant_id && intent.metadata.tenant_id !== tdb.tenantId)) {
    return 'ignored';
  }

  let result: 'succeeded' | 'failed' = 'succeeded';
  let received = intent.amount_received;
  if (event.type === 'payment_intent.payment_failed') {
    // A failure may be old news: the customer may have paid with another card since,
    // and events arrive in any order. Stripe's current word on the PaymentIntent decides.
    const { stripe } = await stripeConnection(env, tdb);
    const current = await stripe.paymentIntents.retrieve(intent.id).catch(() => {
      // 503 makes Stripe deliver the event again later.
      throw new ApiError('service_unavailable', 'Stripe could not be asked about this payment.');
    });
    if (current.status === 'processing' || current.status === 'requires_capture') {
      return 'processing';
    }
    if (current.status === 'succeeded') received = current.amount_received;
    else result = 'failed';
  }

  const outcome = unwrap(
    await slotLock(env, tdb.tenantId, appointment.staff_id).settlePayment({
      tenantId: tdb.tenantId,
      staffId: appointment.staff_id,
      appointmentId: appointment.id,
      eventId: event.id,
      eventType: event.type,
      paymentIntentId: intent.id,
      result,
      amountReceivedCents: received,
    }),
  );
  if (outcome === 'cancelled') await cancelPaymentIntent(env, tdb, intent.id);
  if (outcome === 'refund_due') {
    // Owed either way: if Stripe is unreachable now, the cron trigger retries it.
    await issueDueRefund(env, tdb, appointment.id).catch((error: unknown) =>
      console.error(
        JSON.stringify({
          level: 'error',
          where: 'refund.webhook',
          message: errorForLog(error).message,
        }),
      ),
    );
  }
  return outcome;
}
