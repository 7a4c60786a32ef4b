import { stripeTestSignature } from '@booksprintz/dev-stack';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia } from '../support/admin.ts';
import { type ApiClient, expectProblem } from '../support/api.ts';
import { deliverStripeEvent, type FakeStripe, requestsTo } from '../support/fake-stripe.ts';
import {
  type Booking,
  type Business,
  COLOR,
  dayAhead,
  OTHER_KEYS,
  type PaymentStack,
  QUICK,
  SALON_KEYS,
  startPaymentStack,
} from '../support/payments.ts';
import type { TestStack } from '../support/stack.ts';

/**
 * Deposits through Stripe (DESIGN §5) on the real stack — Postgres, workerd, the
 * SlotLock Durable Objects — with the Stripe SDK pointed at a local fake and webhook
 * events signed by the SDK's own test helper: the paid, failed and expired paths, and
 * what the webhook accepts.
 */
let ps: PaymentStack;
let api: ApiClient;
let db: pg.Client;
let fake: FakeStripe;
let stack: TestStack;
let salon: Business;
let other: Business;

beforeAll(async () => {
  ps = await startPaymentStack();
  ({ api, db, fake, stack } = ps);
  salon = await ps.open(SALON_KEYS, [COLOR, QUICK]);
  other = await ps.open(OTHER_KEYS, [COLOR]);
}, 90_000);

afterAll(async () => {
  await ps?.close();
});

const slots: PaymentStack['slots'] = (...args) => ps.slots(...args);
const book: PaymentStack['book'] = (...args) => ps.book(...args);
const bookDeposit: PaymentStack['bookDeposit'] = (...args) => ps.bookDeposit(...args);
const row: PaymentStack['row'] = (...args) => ps.row(...args);
const fireAlarm: PaymentStack['fireAlarm'] = (...args) => ps.fireAlarm(...args);
const makeDue: PaymentStack['makeDue'] = (...args) => ps.makeDue(...args);
const paymentState: PaymentStack['paymentState'] = (...args) => ps.paymentState(...args);
const deliver: PaymentStack['deliver'] = (...args) => ps.deliver(...args);

describe('paying a deposit', () => {
  const date = dayAhead(7);

  it('books pending, opens a PaymentIntent for 20 %, and holds the slot until the deadline', async () => {
    const started = Date.now();
    const { booking, slot, intentId } = await bookDeposit(salon, 'color', date);
    expect(booking.appointment).toMatchObject({
      status: 'pending',
      payment_status: 'pending',
      total_price_cents: 12000,
      deposit_paid_cents: 0,
      balance_due_cents: 12000,
    });
    const payment = booking.payment!;
    expect(payment).toMatchObject({
      provider: 'stripe',
      amount_cents: 2400,
      currency: 'USD',
      publishable_key: SALON_KEYS.publishable_key,
      stripe_account_id: null,
    });
    expect(payment.client_secret).toBe(fake.intents.get(intentId)!.client_secret);
    const minutes = (Date.parse(payment.expires_at) - started) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10.1);

    const [created] = requestsTo(fake, 'POST', '/v1/payment_intents').filter(
      (request) => request.form['metadata[appointment_id]'] === booking.appointment.id,
    );
    expect(created!.form).toMatchObject({
      amount: '2400',
      currency: 'usd',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[tenant_id]': salon.tenant.id,
      'metadata[appointment_id]': booking.appointment.id,
      'metadata[confirmation_code]': booking.appointment.confirmation_code,
    });
    expect(created!.idempotencyKey).toBe(`deposit:${booking.appointment.id}`);
    expect(created!.headers.authorization).toBe(`Bearer ${SALON_KEYS.secret_key}`);
    expect(created!.account).toBeUndefined();

    // The slot is taken for everyone, and the lock's alarm will let it go by the deadline.
    const after = await slots(salon, 'color', date, slot.staff_id);
    expect(after.map((s) => s.start_time)).not.toContain(slot.start_time);
    const alarm = await fetch(
      `${stack.url}/api/booking/v1/dev/slot-lock/${salon.tenant.id}/${slot.staff_id}/alarm`,
    ).then((r) => r.json() as Promise<{ alarm_at: string }>);
    expect(Date.parse(alarm.alarm_at)).toBeLessThan(Date.parse(payment.expires_at) + 1000);
    const stored = await row(booking.appointment.id);
    expect(stored).toMatchObject({
      stripe_payment_intent_id: intentId,
      deposit_cents: 2400,
      occupancy_status: 'pending',
    });
  });

  it('confirms on payment_intent.succeeded and shows the balance due', async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const delivered = await deliver(
      salon,
      fake.event('payment_intent.succeeded', fake.pay(intentId)),
    );
    expect(delivered).toEqual({ status: 200, body: { received: true, outcome: 'confirmed' } });
    const stored = await row(booking.appointment.id);
    expect(stored).toMatchObject({
      status: 'confirmed',
      payment_status: 'deposit_paid',
      deposit_paid_cents: 2400,
      balance_due_cents: 9600,
      occupancy_status: 'confirmed',
      occupancy_expires_at: null,
    });
    const view = await api.get(
      `/${salon.tenant.slug}/appointments/${booking.appointment.id}?token=${booking.manage_token}`,
    );
    expect(view.body).toMatchObject({
      status: 'confirmed',
      deposit_paid_cents: 2400,
      balance_due_cents: 9600,
      payment_status: 'deposit_paid',
    });
    const admin = await api.get(
      `/tenants/${salon.tenant.id}/appointments/${booking.appointment.id}`,
      salon.tenant.key,
    );
    expect(admin.body).toMatchObject({
      balance_due_cents: 9600,
      deposit_cents: 2400,
      stripe_payment_intent_id: intentId,
      refund_due_cents: 0,
    });
    // A paid booking no longer expires: the alarm leaves it alone.
    await fireAlarm(salon, booking.appointment.staff_id);
    expect((await row(booking.appointment.id)).status).toBe('confirmed');
  });

  it('rounds the percentage half up to the cent (20 % of 33.33 = 6.67)', async () => {
    const { booking } = await bookDeposit(salon, 'quick', date);
    expect(booking.payment!.amount_cents).toBe(667);
  });

  it('marks a deposit of the whole price as paid, with nothing left to pay', async () => {
    await createVia(api, salon.tenant, 'services', {
      ...COLOR,
      slug: 'prepaid',
      deposit_percentage: 100,
    });
    const { booking, intentId } = await bookDeposit(salon, 'prepaid', date);
    expect(booking.payment!.amount_cents).toBe(12000);
    await deliver(salon, fake.event('payment_intent.succeeded', fake.pay(intentId)));
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'confirmed',
      payment_status: 'paid',
      deposit_paid_cents: 12000,
      balance_due_cents: 0,
    });
  });

  it('keeps a paid booking that also needs approval pending, no longer expiring', async () => {
    await createVia(api, salon.tenant, 'services', {
      ...COLOR,
      slug: 'vetted',
      requires_approval: true,
    });
    const { booking, slot, intentId } = await bookDeposit(salon, 'vetted', date);
    const paid = await deliver(salon, fake.event('payment_intent.succeeded', fake.pay(intentId)));
    expect(paid.body.outcome).toBe('paid');
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'pending',
      payment_status: 'deposit_paid',
      occupancy_status: 'pending',
      occupancy_expires_at: null,
    });
    await fireAlarm(salon, slot.staff_id);
    expect((await row(booking.appointment.id)).status).toBe('pending');
    const approved = await api.put(
      `/tenants/${salon.tenant.id}/appointments/${booking.appointment.id}`,
      { status: 'confirmed' },
      salon.tenant.key,
    );
    expect(approved.body).toMatchObject({ status: 'confirmed', balance_due_cents: 9600 });
  });

  it('handles a redelivered event once', async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const event = fake.event('payment_intent.succeeded', fake.pay(intentId));
    expect((await deliver(salon, event)).body.outcome).toBe('confirmed');
    const before = await paymentState();
    const again = await deliver(salon, event);
    expect(again).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await paymentState()).toEqual(before);
    const events = await db.query(
      'SELECT count(*)::int AS n FROM booking_stripe_events WHERE tenant_id = $1 AND event_id = $2',
      [salon.tenant.id, event.id],
    );
    expect(events.rows[0].n).toBe(1);
    expect((await row(booking.appointment.id)).deposit_paid_cents).toBe(2400);
  });

  it('ignores a later event about a deposit already settled (out of order)', async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const paid = fake.pay(intentId);
    expect((await deliver(salon, fake.event('payment_intent.succeeded', paid))).body.outcome).toBe(
      'confirmed',
    );
    // An older failure (a declined first card) delivered after the success changes nothing.
    const stale = fake.event('payment_intent.payment_failed', {
      ...paid,
      status: 'requires_payment_method',
    });
    expect((await deliver(salon, stale)).body.outcome).toBe('ignored');
    expect((await row(booking.appointment.id)).status).toBe('confirmed');
  });

  it('confirms when a failure arrives first but Stripe says the intent has since succeeded', async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const failed = fake.event('payment_intent.payment_failed', fake.decline(intentId));
    fake.pay(intentId); // the customer's second card went through
    expect((await deliver(salon, failed)).body.outcome).toBe('confirmed');
    expect(requestsTo(fake, 'GET', `/v1/payment_intents/${intentId}`)).toHaveLength(1);
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'confirmed',
      payment_status: 'deposit_paid',
    });
  });
});

describe('a failed or abandoned deposit', () => {
  const date = dayAhead(8);

  it('cancels on payment_intent.payment_failed, frees the slot and cancels the intent', async () => {
    const { booking, slot, intentId } = await bookDeposit(salon, 'color', date);
    const delivered = await deliver(
      salon,
      fake.event('payment_intent.payment_failed', fake.decline(intentId)),
    );
    expect(delivered.body.outcome).toBe('cancelled');
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'cancelled',
      cancelled_by: 'system',
      payment_status: 'unpaid',
      balance_due_cents: 0,
      occupancy_status: 'released',
    });
    expect(fake.intents.get(intentId)!.status).toBe('canceled');
    const back = await slots(salon, 'color', date, slot.staff_id);
    expect(back.map((s) => s.start_time)).toContain(slot.start_time);
  });

  it('answers 503 to a failure it cannot check with Stripe, and handles the redelivery', async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const failed = fake.event('payment_intent.payment_failed', fake.decline(intentId));
    fake.down = true;
    try {
      const delivered = await deliver(salon, failed);
      expect(delivered.status).toBe(503);
      expect(delivered.body.code).toBe('service_unavailable');
    } finally {
      fake.down = false;
    }
    expect((await row(booking.appointment.id)).status).toBe('pending');
    expect((await deliver(salon, failed)).body.outcome).toBe('cancelled');
  });

  it('expires unpaid through the SlotLock alarm and frees the slot', async () => {
    const { booking, slot } = await bookDeposit(salon, 'color', date);
    await makeDue(booking.appointment.id);
    await fireAlarm(salon, slot.staff_id);
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'cancelled',
      cancelled_by: 'system',
      payment_status: 'unpaid',
      occupancy_status: 'released',
    });
    const back = await slots(salon, 'color', date, slot.staff_id);
    expect(back.map((s) => s.start_time)).toContain(slot.start_time);
  });

  it('refunds in full, idempotently, a payment that arrives after the slot was let go', async () => {
    const { booking, slot, intentId } = await bookDeposit(salon, 'color', date);
    await makeDue(booking.appointment.id);
    await fireAlarm(salon, slot.staff_id);
    const late = fake.event('payment_intent.succeeded', fake.pay(intentId));
    expect((await deliver(salon, late)).body.outcome).toBe('refund_due');
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'cancelled',
      deposit_paid_cents: 2400,
      refunded_cents: 2400,
      refund_due_cents: 0,
      payment_status: 'refunded',
      balance_due_cents: 0,
    });
    const refunds = requestsTo(fake, 'POST', '/v1/refunds').filter(
      (request) => request.form.payment_intent === intentId,
    );
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.form).toMatchObject({
      amount: '2400',
      'metadata[appointment_id]': booking.appointment.id,
    });
    expect(refunds[0]!.idempotencyKey).toBe(`refund:${booking.appointment.id}`);
    expect((await deliver(salon, late)).body.outcome).toBe('duplicate');
    expect(fake.refunds.filter((refund) => refund.payment_intent === intentId)).toHaveLength(1);
  });

  it('gives 503 and frees the slot when Stripe is down at booking time', async () => {
    const [slot] = await slots(salon, 'color', date);
    fake.down = true;
    try {
      const response = await book(salon, 'color', slot!);
      expectProblem(response, 503, 'service_unavailable');
      expect(response.headers.get('retry-after')).toBe('30');
    } finally {
      fake.down = false;
    }
    const back = await slots(salon, 'color', date, slot!.staff_id);
    expect(back.map((s) => s.start_time)).toContain(slot!.start_time);
    const undone = await db.query(
      `SELECT status, cancelled_by, payment_status FROM appointments
        WHERE tenant_id = $1 AND customer_email = $2`,
      [salon.tenant.id, ps.lastCustomerEmail()],
    );
    expect(undone.rows).toEqual([
      { status: 'cancelled', cancelled_by: 'system', payment_status: 'unpaid' },
    ]);
    // And it books normally once Stripe is back.
    const retried = await book(salon, 'color', slot!);
    expect(retried.status).toBe(201);
  });

  it('does not let a booking awaiting its deposit be moved', async () => {
    const { booking } = await bookDeposit(salon, 'color', date);
    const later = (await slots(salon, 'color', date, booking.appointment.staff_id)).at(-1)!;
    expectProblem(
      await api.put(
        `/${salon.tenant.slug}/appointments/${booking.appointment.id}/reschedule?token=${booking.manage_token}`,
        { start_time: later.start_time },
      ),
      409,
      'conflict',
    );
  });

  it('books at the desk without a deposit', async () => {
    const [slot] = await slots(salon, 'color', date);
    const desk = await api.post<Booking>(
      `/tenants/${salon.tenant.id}/appointments`,
      {
        service_id: 'color',
        staff_id: slot!.staff_id,
        start_time: slot!.start_time,
        customer: { name: 'Walk In', email: 'walkin@example.com' },
      },
      salon.tenant.key,
    );
    expect(desk.status, JSON.stringify(desk.body)).toBe(201);
    expect(desk.body.payment).toBeNull();
    expect(desk.body.appointment).toMatchObject({ status: 'confirmed', payment_status: 'unpaid' });
  });
});

describe('webhook authenticity', () => {
  const date = dayAhead(9);

  it('answers 400 and changes nothing for a bad, missing or tampered signature', async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const event = fake.event('payment_intent.succeeded', fake.pay(intentId));
    const before = await paymentState();
    const forged = await deliverStripeEvent(
      stack.url,
      salon.tenant.id,
      event,
      'whsec_notTheRightSecret00000',
    );
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('validation_failed');
    const tampered = await deliverStripeEvent(
      stack.url,
      salon.tenant.id,
      { payload: event.payload.replace('"amount_received":2400', '"amount_received":1') },
      salon.webhookSecret,
      {
        signature: stripeTestSignature(event.payload, salon.webhookSecret),
      },
    );
    expect(tampered.status).toBe(400);
    const unsigned = await fetch(`${stack.url}/api/booking/v1/webhooks/stripe/${salon.tenant.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: event.payload,
    });
    expect(unsigned.status).toBe(400);
    const old = await deliverStripeEvent(stack.url, salon.tenant.id, event, salon.webhookSecret, {
      signature: stripeTestSignature(
        event.payload,
        salon.webhookSecret,
        Math.floor(Date.now() / 1000) - 3600,
      ),
    });
    expect(old.status).toBe(400);
    expect(await paymentState()).toEqual(before);
    expect((await row(booking.appointment.id)).status).toBe('pending');
  });

  it("ignores an event about another tenant's PaymentIntent", async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const paid = fake.event('payment_intent.succeeded', fake.pay(intentId));
    // Signed with the other business's secret and sent to its endpoint: verifies, but
    // names an intent that business does not have.
    const elsewhere = await deliver(other, paid);
    expect(elsewhere).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'pending',
      payment_status: 'pending',
    });
    expect((await deliver(salon, paid)).body.outcome).toBe('confirmed');
  });

  it('acknowledges unknown intents and other event types without effect', async () => {
    const unknown = fake.event('payment_intent.succeeded', {
      ...fake.pay((await bookDeposit(salon, 'color', date)).intentId),
      id: 'pi_unknown000000',
    });
    expect((await deliver(salon, unknown)).body.outcome).toBe('ignored');
    const charge = fake.event('charge.updated', { id: 'ch_1' } as never);
    expect((await deliver(salon, charge)).body.outcome).toBe('ignored');
  });

  it('is 404 for an unknown tenant', async () => {
    const response = await deliverStripeEvent(
      stack.url,
      crypto.randomUUID(),
      fake.event('payment_intent.succeeded', { id: 'pi_x' } as never),
      salon.webhookSecret,
    );
    expect(response.status).toBe(404);
  });
});
