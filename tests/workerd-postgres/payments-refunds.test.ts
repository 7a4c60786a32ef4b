import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api.ts';
import { addDays } from '../support/dates.ts';
import { type FakeStripe, requestsTo } from '../support/fake-stripe.ts';
import {
  type Booking,
  type Business,
  COLOR,
  dayAhead,
  intentOf,
  type PaymentStack,
  QUICK,
  SALON_KEYS,
  sleep,
  startPaymentStack,
} from '../support/payments.ts';
import type { TestStack } from '../support/stack.ts';

/**
 * Refunds by the tenant's cancellation policy, and a payment racing the hold's expiry:
 * the real stack, the Stripe SDK pointed at a local fake.
 */
let ps: PaymentStack;
let api: ApiClient;
let db: pg.Client;
let fake: FakeStripe;
let stack: TestStack;
let salon: Business;

beforeAll(async () => {
  ps = await startPaymentStack();
  ({ api, db, fake, stack } = ps);
  salon = await ps.open(SALON_KEYS, [COLOR, QUICK]);
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
const deliver: PaymentStack['deliver'] = (...args) => ps.deliver(...args);

describe('cancellation and refunds', () => {
  const date = dayAhead(10);
  const setWindow = (hours: number) =>
    api.put(
      `/tenants/${salon.tenant.id}/payment-settings`,
      { cancellation_window_hours: hours },
      salon.tenant.key,
    );

  async function paidBooking() {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    expect(
      (await deliver(salon, fake.event('payment_intent.succeeded', fake.pay(intentId)))).body
        .outcome,
    ).toBe('confirmed');
    return { booking, intentId };
  }
  const cancelByCustomer = (booking: Booking) =>
    api.request(
      'DELETE',
      `/${salon.tenant.slug}/appointments/${booking.appointment.id}/cancel?token=${booking.manage_token}`,
      { body: { reason: 'Cannot make it' } },
    );
  const refundsOf = (intentId: string) =>
    requestsTo(fake, 'POST', '/v1/refunds').filter((r) => r.form.payment_intent === intentId);

  it('refunds the full deposit when the customer cancels inside the free window', async () => {
    expect((await setWindow(24)).status).toBe(200);
    const { booking, intentId } = await paidBooking();
    const cancelled = await cancelByCustomer(booking);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      payment_status: 'refunded',
      refunded_cents: 2400,
      balance_due_cents: 0,
    });
    const [refund] = refundsOf(intentId);
    expect(refund!.form.amount).toBe('2400');
    expect(refund!.idempotencyKey).toBe(`refund:${booking.appointment.id}`);
    // Cancelling again refunds nothing more.
    expect((await cancelByCustomer(booking)).status).toBe(200);
    expect(fake.refunds.filter((r) => r.payment_intent === intentId)).toHaveLength(1);
    expect((await row(booking.appointment.id)).stripe_refund_id).toBe(
      fake.refunds.find((r) => r.payment_intent === intentId)!.id,
    );
  });

  it('keeps the deposit when the customer cancels after the window closed', async () => {
    // The appointment is 10+ days away; a 30-day window has already closed.
    expect((await setWindow(720)).status).toBe(200);
    try {
      const { booking, intentId } = await paidBooking();
      const cancelled = await cancelByCustomer(booking);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        payment_status: 'deposit_paid',
        deposit_paid_cents: 2400,
        refunded_cents: 0,
      });
      expect(refundsOf(intentId)).toHaveLength(0);
      expect((await row(booking.appointment.id)).refund_due_cents).toBe(0);
    } finally {
      await setWindow(24);
    }
  });

  it('refunds in full when the business cancels, even after the window', async () => {
    expect((await setWindow(720)).status).toBe(200);
    try {
      const { booking, intentId } = await paidBooking();
      const cancelled = await api.put(
        `/tenants/${salon.tenant.id}/appointments/${booking.appointment.id}`,
        { status: 'cancelled', cancellation_reason: 'Stylist ill' },
        salon.tenant.key,
      );
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelled_by: 'staff',
        payment_status: 'refunded',
        refunded_cents: 2400,
      });
      expect(refundsOf(intentId)).toHaveLength(1);
    } finally {
      await setWindow(24);
    }
  });

  it('keeps a refund owed while Stripe is down and sends it on the next attempt', async () => {
    const { booking, intentId } = await paidBooking();
    fake.down = true;
    try {
      const cancelled = await cancelByCustomer(booking);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', payment_status: 'deposit_paid' });
      expect((await row(booking.appointment.id)).refund_due_cents).toBe(2400);
    } finally {
      fake.down = false;
    }
    expect((await cancelByCustomer(booking)).body).toMatchObject({
      payment_status: 'refunded',
      refunded_cents: 2400,
    });
    expect(fake.refunds.filter((r) => r.payment_intent === intentId)).toHaveLength(1);
    expect(
      refundsOf(intentId).every((r) => r.idempotencyKey === `refund:${booking.appointment.id}`),
    ).toBe(true);
  });

  it('has the cron trigger send a refund that Stripe refused when it was decided', async () => {
    const { booking, intentId } = await paidBooking();
    fake.down = true;
    try {
      expect((await cancelByCustomer(booking)).body).toMatchObject({
        payment_status: 'deposit_paid',
      });
    } finally {
      fake.down = false;
    }
    // The sweep leaves refunds younger than 30 s to their request; age this one.
    await db.query(
      `UPDATE appointments SET updated_at = now() - interval '1 minute' WHERE id = $1`,
      [booking.appointment.id],
    );
    const cron = await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(cron.status).toBe(200);
    let state = await row(booking.appointment.id);
    for (let i = 0; i < 50 && state.payment_status !== 'refunded'; i++) {
      await sleep(100);
      state = await row(booking.appointment.id);
    }
    expect(state).toMatchObject({
      payment_status: 'refunded',
      refunded_cents: 2400,
      refund_due_cents: 0,
    });
    expect(fake.refunds.filter((r) => r.payment_intent === intentId)).toHaveLength(1);
  });

  it('cancels an unpaid booking without a refund and cancels its PaymentIntent', async () => {
    const { booking, intentId } = await bookDeposit(salon, 'color', date);
    const cancelled = await cancelByCustomer(booking);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', payment_status: 'unpaid' });
    expect(fake.intents.get(intentId)!.status).toBe('canceled');
    expect(refundsOf(intentId)).toHaveLength(0);
  });
});

describe('webhook and expiry racing', () => {
  it('ends every race in exactly one consistent state', async () => {
    const outcomes = { confirmed: 0, refunded: 0 };
    let date = dayAhead(12);
    let free = await slots(salon, 'quick', date);
    for (let round = 0; round < 24; round++) {
      if (free.length === 0) {
        date = addDays(date, 1);
        free = await slots(salon, 'quick', date);
      }
      const slot = free.shift()!;
      const booked = await book(salon, 'quick', slot);
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      const id = booked.body.appointment.id;
      const intentId = intentOf(booked.body.payment!);
      const event = fake.event('payment_intent.succeeded', fake.pay(intentId));
      await makeDue(id);
      // The webhook reads a little before it reaches the lock; staggering the alarm by
      // 0–90 ms lets either one get there first, so both orders are exercised.
      const [delivered] = await Promise.all([
        deliver(salon, event),
        sleep((round % 10) * 10).then(() => fireAlarm(salon, slot.staff_id)),
      ]);
      expect(delivered.status).toBe(200);
      const state = await row(id);
      if (state.status === 'confirmed') {
        outcomes.confirmed++;
        expect(delivered.body.outcome).toBe('confirmed');
        expect(state).toMatchObject({
          payment_status: 'deposit_paid',
          deposit_paid_cents: 667,
          refunded_cents: 0,
          occupancy_status: 'confirmed',
          occupancy_expires_at: null,
        });
        expect(fake.refunds.filter((r) => r.payment_intent === intentId)).toHaveLength(0);
      } else {
        outcomes.refunded++;
        expect(delivered.body.outcome).toBe('refund_due');
        expect(state).toMatchObject({
          status: 'cancelled',
          cancelled_by: 'system',
          payment_status: 'refunded',
          deposit_paid_cents: 667,
          refunded_cents: 667,
          occupancy_status: 'released',
        });
        expect(fake.refunds.filter((r) => r.payment_intent === intentId)).toHaveLength(1);
      }
      // Whatever won, the alarm and a redelivery afterwards change nothing.
      await fireAlarm(salon, slot.staff_id);
      expect((await deliver(salon, event)).body.outcome).toBe('duplicate');
      expect((await row(id)).status).toBe(state.status);
    }
    console.log(`race outcomes: ${JSON.stringify(outcomes)}`);
    expect(outcomes.confirmed + outcomes.refunded).toBe(24);
    // Both orders happened: the race was really run, not won the same way every time.
    expect(outcomes.confirmed).toBeGreaterThan(0);
    expect(outcomes.refunded).toBeGreaterThan(0);
  }, 120_000);
});
