import { appointments, bookingOccupancies, bookingStripeEvents } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import type { SettleOutcome, SettlePaymentRequest, SlotChange } from '../booking/lock-protocol.ts';
import { cancelUnderLock, findAppointment } from '../booking/manage.ts';
import { lockStaffCalendar } from '../booking/occupancy.ts';
import { recordBookingEvent } from '../notifications/events.ts';

/** Payment states in which the deposit has arrived: a later event changes nothing. */
const SETTLED = new Set(['deposit_paid', 'paid', 'refunded', 'partially_refunded']);

/**
 * Applies a Stripe verdict on a deposit, inside the staff member's SlotLock and one
 * transaction holding the staff member's advisory lock — the same place the hold-expiry
 * alarm runs — so a payment and an expiry racing each other end in exactly one state:
 *
 * - paid while the booking still holds its slot (even a second past its expiry, if the
 *   alarm has not let go of it yet): confirmed, the slot kept for good;
 * - paid after the slot was let go (expired, failed, cancelled): the money goes back
 *   in full (`refund_due_cents`, sent to Stripe after the commit);
 * - failed while awaiting payment: cancelled by the system and the slot freed.
 *
 * The event id is recorded in the same transaction, so a redelivered event is a no-op;
 * and every branch checks the state it moves from, so events out of order are too.
 */
export async function settlePaymentUnderLock(
  tx: TenantDb,
  env: Env,
  request: SettlePaymentRequest,
  now: Date,
): Promise<{ outcome: SettleOutcome; changes: SlotChange[] }> {
  const found = await findAppointment(tx, request.appointmentId);
  await lockStaffCalendar(tx, found.staff_id);
  const [fresh] = await tx
    .raw()
    .insert(bookingStripeEvents)
    .values({
      tenant_id: tx.tenantId,
      event_id: request.eventId,
      type: request.eventType,
      processed_at: now,
    })
    .onConflictDoNothing()
    .returning({ id: bookingStripeEvents.id });
  if (!fresh) return { outcome: 'duplicate', changes: [] };

  const appointment = await findAppointment(tx, request.appointmentId);
  if (appointment.stripe_payment_intent_id !== request.paymentIntentId) {
    return { outcome: 'ignored', changes: [] };
  }
  if (request.result === 'failed') {
    if (appointment.status !== 'pending' || appointment.payment_status !== 'pending') {
      return { outcome: 'ignored', changes: [] };
    }
    const { changes } = await cancelUnderLock(
      tx,
      env,
      {
        tenantId: tx.tenantId,
        appointmentId: appointment.id,
        by: 'system',
        reason: 'The deposit payment failed.',
      },
      now,
    );
    return { outcome: 'cancelled', changes };
  }

  if (SETTLED.has(appointment.payment_status)) return { outcome: 'ignored', changes: [] };
  const paid = Math.min(request.amountReceivedCents, appointment.total_price_cents);
  const paymentStatus = paid >= appointment.total_price_cents ? 'paid' : 'deposit_paid';
  if (appointment.status === 'cancelled') {
    // The customer paid for a slot they no longer hold: all of it goes back.
    await tx.update(appointments, appointment.id, {
      deposit_paid_cents: paid,
      payment_status: paymentStatus,
      refund_due_cents: paid - appointment.refunded_cents,
      updated_at: now,
    });
    return { outcome: 'refund_due', changes: [] };
  }
  const awaiting = appointment.status === 'pending';
  const status = awaiting && !appointment.requires_approval ? 'confirmed' : appointment.status;
  await tx.update(appointments, appointment.id, {
    status,
    deposit_paid_cents: paid,
    payment_status: paymentStatus,
    updated_at: now,
  });
  if (appointment.occupancy_id) {
    // Paid: the slot no longer expires; awaiting approval it stays pending, not held.
    await tx.update(bookingOccupancies, appointment.occupancy_id, {
      expires_at: null,
      ...(status === 'confirmed' ? { status: 'confirmed' } : {}),
      updated_at: now,
    });
  }
  if (!awaiting) return { outcome: 'recorded', changes: [] };
  if (status === 'confirmed') {
    await recordBookingEvent(
      tx,
      env,
      { type: 'appointment.confirmed', appointmentId: appointment.id },
      now,
    );
    return { outcome: 'confirmed', changes: [] };
  }
  return { outcome: 'paid', changes: [] };
}
