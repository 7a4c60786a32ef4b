import type { BookingResponse } from '@booksprintz/shared';
import { appointments } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { errorForLog } from '../../http/error-log.ts';
import { toInstant } from '../../http/serialize.ts';
import { stripeConnection } from '../../integrations/stripe/stripe-connection.ts';
import { findAppointment } from '../booking/manage.ts';
import { slotLock } from '../booking/slot-lock/slot-lock-handle.ts';

type Payment = NonNullable<BookingResponse['payment']>;

/**
 * Opens the PaymentIntent for a booking that awaits its deposit — after the lock booked
 * it and outside any transaction, since it is network I/O. The idempotency key is the
 * appointment's (`deposit:<id>`), so however often this runs for one booking, Stripe
 * holds one PaymentIntent for it.
 *
 * If Stripe cannot be reached (or the business's Stripe settings cannot be used), the
 * booking is undone through the lock, freeing the slot, and the customer gets a 503:
 * nothing is booked, and trying again later is the right move. Should even that undo
 * fail, the booking still lets go of its slot when its deposit deadline passes.
 */
export async function startDepositPayment(
  ctx: { env: Env; tdb: TenantDb },
  appointmentId: string,
  expiresAt: string,
): Promise<Payment> {
  const appointment = await findAppointment(ctx.tdb, appointmentId);
  try {
    const { stripe, publishableKey, accountId } = await stripeConnection(ctx.env, ctx.tdb);
    const intent = await stripe.paymentIntents.create(
      {
        amount: appointment.deposit_cents,
        currency: appointment.currency.toLowerCase(),
        automatic_payment_methods: { enabled: true },
        description: `Deposit for booking ${appointment.confirmation_code}`,
        metadata: {
          tenant_id: ctx.tdb.tenantId,
          appointment_id: appointment.id,
          confirmation_code: appointment.confirmation_code,
        },
      },
      { idempotencyKey: `deposit:${appointment.id}` },
    );
    if (!intent.client_secret) throw new Error(`PaymentIntent ${intent.id} has no client secret`);
    await ctx.tdb.update(appointments, appointment.id, {
      stripe_payment_intent_id: intent.id,
      updated_at: new Date(),
    });
    return {
      provider: 'stripe',
      client_secret: intent.client_secret,
      amount_cents: intent.amount,
      currency: appointment.currency,
      publishable_key: publishableKey,
      stripe_account_id: accountId,
      expires_at: toInstant(new Date(expiresAt)),
    };
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'error',
        where: 'deposit.payment_intent',
        appointment_id: appointment.id,
        message: errorForLog(error).message,
      }),
    );
    await slotLock(ctx.env, ctx.tdb.tenantId, appointment.staff_id)
      .cancel({
        tenantId: ctx.tdb.tenantId,
        staffId: appointment.staff_id,
        appointmentId: appointment.id,
        by: 'system',
        reason: 'The deposit payment could not be set up.',
      })
      .catch(() => undefined);
    throw new ApiError(
      'service_unavailable',
      'Online payment is unavailable right now, so nothing was booked. Please try again in a few minutes.',
      { headers: { 'Retry-After': '30' } },
    );
  }
}
