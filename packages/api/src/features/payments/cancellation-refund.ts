import { cancellationRefundCents } from '@booksprintz/shared';
import type { Appointment } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

/**
 * The payment side of a cancellation, decided in the cancelling transaction (under the
 * staff member's lock), so it cannot race a payment arriving: a deposit that is paid
 * by then is refunded by the tenant's policy (`cancellationRefundCents`), one that is
 * not is never charged (`unpaid`; a payment that still succeeds later is refunded in
 * full by the webhook). The refund itself goes to Stripe after the commit
 * (`issueDueRefund`); `refund_due_cents` keeps it until Stripe confirms.
 */
export async function cancellationPayment(
  tx: TenantDb,
  appointment: Appointment,
  by: 'customer' | 'staff' | 'system',
  now: Date,
): Promise<Pick<Appointment, 'payment_status' | 'refund_due_cents'>> {
  if (appointment.payment_status === 'pending') {
    return { payment_status: 'unpaid', refund_due_cents: appointment.refund_due_cents };
  }
  const refundable =
    appointment.deposit_paid_cents - appointment.refunded_cents - appointment.refund_due_cents;
  if (refundable <= 0) {
    return {
      payment_status: appointment.payment_status,
      refund_due_cents: appointment.refund_due_cents,
    };
  }
  const tenant = await tx.tenant();
  const refund = cancellationRefundCents({
    by,
    start: appointment.start_time,
    now,
    windowHours: tenant?.cancellation_window_hours ?? 0,
    refundableCents: refundable,
  });
  return {
    payment_status: appointment.payment_status,
    refund_due_cents: appointment.refund_due_cents + refund,
  };
}
