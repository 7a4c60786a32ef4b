import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { type Appointment, appointments } from '../../db/schema/index.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import { errorForLog } from '../../http/error-log.ts';
import { stripeConnection } from '../../integrations/stripe/stripe-connection.ts';

/** How many owed refunds one cron run retries. */
const SWEEP_LIMIT = 25;
/** A refund younger than this is left to the request that decided it. */
const SWEEP_GRACE_MS = 30_000;

function logPaymentError(where: string, error: unknown, appointmentId?: string): void {
  console.error(
    JSON.stringify({
      level: 'error',
      where,
      appointment_id: appointmentId,
      message: errorForLog(error).message,
    }),
  );
}

/**
 * Sends the appointment's owed refund (`refund_due_cents`) to Stripe and records it.
 * Safe to run any number of times, concurrently too: the idempotency key
 * `refund:<appointment id>` makes Stripe answer every attempt with the same refund, and
 * the conditional update records it once. Throws when Stripe cannot be reached; the
 * refund stays owed and the cron trigger tries again.
 */
export async function issueDueRefund(
  env: Env,
  tdb: TenantDb,
  appointmentId: string,
): Promise<void> {
  const appointment = await tdb.get(appointments, appointmentId);
  if (!appointment || appointment.refund_due_cents <= 0 || !appointment.stripe_payment_intent_id) {
    return;
  }
  const { stripe } = await stripeConnection(env, tdb);
  const refund = await stripe.refunds.create(
    {
      payment_intent: appointment.stripe_payment_intent_id,
      amount: appointment.refund_due_cents,
      reason: 'requested_by_customer',
      metadata: {
        tenant_id: tdb.tenantId,
        appointment_id: appointment.id,
        confirmation_code: appointment.confirmation_code,
      },
    },
    { idempotencyKey: `refund:${appointment.id}` },
  );
  if (refund.status === 'failed' || refund.status === 'canceled') {
    // Stripe took the request but could not return the money (a closed card, say):
    // the business has to settle it by hand; retrying the same key would not help.
    logPaymentError(
      'refund.failed',
      new Error(`refund ${refund.id} ${refund.status}`),
      appointment.id,
    );
  }
  const a = appointments;
  await tdb
    .raw()
    .update(a)
    .set({
      // SET expressions read the row as it was, so these all see the old amounts.
      refunded_cents: sql`${a.refunded_cents} + ${a.refund_due_cents}`,
      refund_due_cents: 0,
      stripe_refund_id: refund.id,
      payment_status: sql`CASE WHEN ${a.refunded_cents} + ${a.refund_due_cents} >= ${a.deposit_paid_cents} THEN 'refunded' ELSE 'partially_refunded' END`,
      updated_at: new Date(),
    })
    .where(
      tdb.scope(a, eq(a.id, appointment.id), eq(a.refund_due_cents, appointment.refund_due_cents)),
    );
}

/**
 * What a cancellation leaves to do at Stripe, after its transaction committed: send the
 * refund it decided, and cancel a PaymentIntent that was still waiting to be paid so
 * the customer cannot pay for a slot they no longer hold. Never throws: a refund that
 * fails stays owed for the cron trigger; a PaymentIntent that cannot be cancelled (it
 * was just paid) ends in a refund through the webhook.
 */
export async function settleCancelledPayment(
  env: Env,
  tdb: TenantDb,
  before: Pick<Appointment, 'id' | 'payment_status' | 'stripe_payment_intent_id'>,
): Promise<void> {
  if (before.payment_status === 'pending' && before.stripe_payment_intent_id) {
    await cancelPaymentIntent(env, tdb, before.stripe_payment_intent_id);
  }
  await issueDueRefund(env, tdb, before.id).catch((error: unknown) =>
    logPaymentError('refund.issue', error, before.id),
  );
}

/** Cancels an unpaid PaymentIntent; best effort (see `settleCancelledPayment`). */
export async function cancelPaymentIntent(
  env: Env,
  tdb: TenantDb,
  intentId: string,
): Promise<void> {
  try {
    const { stripe } = await stripeConnection(env, tdb);
    await stripe.paymentIntents.cancel(intentId, { cancellation_reason: 'abandoned' });
  } catch (error) {
    logPaymentError('payment_intent.cancel', error);
  }
}

/**
 * The cron trigger's pass over refunds Stripe has not confirmed (it was down when the
 * cancellation happened). Cross-tenant by nature, so it reads with the raw database and
 * then works through each tenant's own scoped handle.
 */
export async function retryDueRefunds(env: Env, now: Date = new Date()): Promise<number> {
  let opened: ReturnType<typeof openDatabase> | undefined;
  let done = 0;
  try {
    opened = openDatabase(env);
    const due = await opened.db
      .select({ id: appointments.id, tenant_id: appointments.tenant_id })
      .from(appointments)
      .where(
        and(
          gt(appointments.refund_due_cents, 0),
          lt(appointments.updated_at, new Date(now.getTime() - SWEEP_GRACE_MS)),
        ),
      )
      .orderBy(asc(appointments.updated_at))
      .limit(SWEEP_LIMIT);
    for (const row of due) {
      try {
        await issueDueRefund(env, new TenantDb(opened.db, row.tenant_id), row.id);
        done++;
      } catch (error) {
        logPaymentError('refund.retry', error, row.id);
        // To the back of the line, so one refund Stripe keeps refusing cannot starve the rest.
        await opened.db
          .update(appointments)
          .set({ updated_at: now })
          .where(and(eq(appointments.tenant_id, row.tenant_id), eq(appointments.id, row.id)));
      }
    }
  } catch (error) {
    logPaymentError('refund.sweep', error);
  } finally {
    await opened?.close().catch(() => undefined);
  }
  return done;
}
