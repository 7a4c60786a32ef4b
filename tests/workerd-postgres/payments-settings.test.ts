import { configureDevPayments } from '@booksprintz/dev-stack';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, type TenantRef } from '../support/admin.ts';
import { type ApiClient, createTenant, expectProblem } from '../support/api.ts';
import { findTenantText } from '../support/db.ts';
import { type FakeStripe, requestsTo } from '../support/fake-stripe.ts';
import {
  type Booking,
  type Business,
  COLOR,
  dayAhead,
  OTHER_KEYS,
  type PaymentStack,
  PLATFORM,
  QUICK,
  SALON_KEYS,
  type Slot,
  startPaymentStack,
} from '../support/payments.ts';
import type { TestStack } from '../support/stack.ts';

/**
 * `payment-settings` (the business's Stripe connection, secrets write-only), Connect,
 * and the demo's deposit in `pnpm dev`: the real stack, the Stripe SDK pointed at a
 * local fake.
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

const bookDeposit: PaymentStack['bookDeposit'] = (...args) => ps.bookDeposit(...args);
const row: PaymentStack['row'] = (...args) => ps.row(...args);
const paymentState: PaymentStack['paymentState'] = (...args) => ps.paymentState(...args);
const deliver: PaymentStack['deliver'] = (...args) => ps.deliver(...args);

describe('payment settings', () => {
  const path = (tenant: TenantRef) => `/tenants/${tenant.id}/payment-settings`;

  it('starts empty, with deposits impossible and the webhook URL to give Stripe', async () => {
    const fresh = await createTenant(api);
    const settings = await api.get(path(fresh), fresh.key);
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({
      provider: 'stripe',
      mode: null,
      secret_key_set: false,
      webhook_secret_set: false,
      deposits_possible: false,
      cancellation_window_hours: 24,
      webhook_url: `${stack.url}/api/booking/v1/webhooks/stripe/${fresh.id}`,
      webhook_events: ['payment_intent.succeeded', 'payment_intent.payment_failed'],
    });
    expectProblem(
      await api.post(`/tenants/${fresh.id}/services`, { ...COLOR, slug: 'c1' }, fresh.key),
      422,
      'unprocessable',
    );
  });

  it('stores secrets encrypted and never shows them, only which are set', async () => {
    const settings = await api.get<Record<string, unknown>>(path(salon.tenant), salon.tenant.key);
    expect(settings.body).toMatchObject({
      mode: 'own_keys',
      secret_key_set: true,
      secret_key_last4: '1234',
      publishable_key: SALON_KEYS.publishable_key,
      webhook_secret_set: true,
      stripe_account_id: null,
      livemode: false,
      deposits_possible: true,
    });
    const text = JSON.stringify(settings.body);
    expect(text).not.toContain(SALON_KEYS.secret_key);
    expect(text).not.toContain(SALON_KEYS.webhook_secret);
    const stored = await db.query(
      'SELECT secret_key_encrypted, webhook_secret_encrypted FROM booking_payment_settings WHERE tenant_id = $1',
      [salon.tenant.id],
    );
    expect(stored.rows[0].secret_key_encrypted).toMatch(/^v1\./);
    expect(stored.rows[0].webhook_secret_encrypted).toMatch(/^v1\./);
    expect(
      await findTenantText(db, salon.tenant.id, [SALON_KEYS.secret_key, SALON_KEYS.webhook_secret]),
    ).toEqual([]);
  });

  it('is for owners and admins of the tenant only', async () => {
    const staffKey = await createKey(api, salon.tenant, {
      role: 'staff',
      staff_id: salon.staff[0]!.id,
    });
    expectProblem(await api.get(path(salon.tenant), staffKey.key), 403, 'forbidden');
    expectProblem(
      await api.put(path(salon.tenant), { cancellation_window_hours: 1 }, staffKey.key),
      403,
      'forbidden',
    );
    expectProblem(await api.get(path(salon.tenant), other.tenant.key), 404, 'not_found');
    expectProblem(
      await api.put(path(salon.tenant), { webhook_secret: null }, other.tenant.key),
      404,
      'not_found',
    );
  });

  it.each([
    ['a malformed key', { secret_key: 'not-a-key' }],
    [
      'test and live keys mixed',
      { secret_key: 'sk_live_abcdefgh12345', publishable_key: 'pk_test_abcdefgh12345' },
    ],
    ['an unknown provider', { provider: 'paypal' }],
    ['an unknown field', { api_key: 'sk_test_abcdefgh12345' }],
    ['own keys and a Connect account at once', { stripe_account_id: 'acct_1234567890' }],
    ['a window over 30 days', { cancellation_window_hours: 721 }],
  ])('refuses %s with 400, changing nothing', async (_name, body) => {
    const before = await paymentState();
    expectProblem(
      await api.put(path(salon.tenant), body, salon.tenant.key),
      400,
      'validation_failed',
    );
    expect(await paymentState()).toEqual(before);
  });

  it('refuses to disconnect while a service requires a deposit (409)', async () => {
    const problem = expectProblem(
      await api.put(path(other.tenant), { webhook_secret: null }, other.tenant.key),
      409,
      'conflict',
    );
    expect(problem.detail).toContain('color');
  });

  it('refuses a deposit on a group service', async () => {
    expectProblem(
      await api.post(
        `/tenants/${salon.tenant.id}/services`,
        { ...COLOR, slug: 'class', booking_type: 'class', max_capacity: 8 },
        salon.tenant.key,
      ),
      400,
      'validation_failed',
    );
  });
});

describe('Stripe Connect', () => {
  it('charges on the connected account with the platform key', async () => {
    const connected = await ps.open(
      { stripe_account_id: 'acct_1TestConnect0', webhook_secret: 'whsec_connectWebhook000000000' },
      [COLOR],
    );
    const settings = await api.get(
      `/tenants/${connected.tenant.id}/payment-settings`,
      connected.tenant.key,
    );
    expect(settings.body).toMatchObject({
      mode: 'connect',
      stripe_account_id: 'acct_1TestConnect0',
      secret_key_set: false,
      deposits_possible: true,
    });
    const { booking, intentId } = await bookDeposit(connected, 'color', dayAhead(7));
    expect(booking.payment).toMatchObject({
      publishable_key: PLATFORM.STRIPE_CONNECT_PUBLISHABLE_KEY,
      stripe_account_id: 'acct_1TestConnect0',
      amount_cents: 2400,
    });
    const [created] = requestsTo(fake, 'POST', '/v1/payment_intents').filter(
      (request) => request.form['metadata[appointment_id]'] === booking.appointment.id,
    );
    expect(created!.account).toBe('acct_1TestConnect0');
    expect(created!.headers.authorization).toBe(`Bearer ${PLATFORM.STRIPE_CONNECT_SECRET_KEY}`);
    expect(created!.form.application_fee_amount).toBeUndefined();
    const paid = await deliver(
      connected,
      fake.event('payment_intent.succeeded', fake.pay(intentId)),
    );
    expect(paid.body.outcome).toBe('confirmed');
  });
});

describe('the demo with Stripe test keys (pnpm dev)', () => {
  const keys = {
    secretKey: 'sk_test_demoDevKey0000000000000',
    publishableKey: 'pk_test_demoDevKey00000000000',
    webhookSecret: 'whsec_demoDevWebhook0000000000',
  };

  it('leaves deposits off until keys are given, then takes 20 % on color end to end', async () => {
    const date = dayAhead(7);
    const [before] = await api
      .get<{ days: Array<{ slots: Slot[] }> }>(`/demo/availability?service_id=color&date=${date}`)
      .then((response) => response.body.days.flatMap((d) => d.slots));
    const plain = await api.post<Booking>('/demo/appointments', {
      service_id: 'color',
      staff_id: before!.staff_id,
      start_time: before!.start_time,
      customer: { name: 'Plain Demo', email: 'plain-demo@example.com' },
    });
    expect(plain.status).toBe(201);
    expect(plain.body.payment).toBeNull();

    const demoId = await configureDevPayments(stack.databaseUrl, stack.dataDir, keys);
    const tenant = await db.query(`SELECT id FROM booking_tenants WHERE subdomain = 'demo'`);
    expect(demoId).toBe(tenant.rows[0].id);
    const demo: Business = {
      tenant: { id: demoId!, slug: 'demo', key: '' },
      staff: [],
      webhookSecret: keys.webhookSecret,
    };
    const { booking, intentId } = await bookDeposit(demo, 'color', date);
    expect(booking.payment).toMatchObject({
      amount_cents: 2400,
      currency: 'USD',
      publishable_key: keys.publishableKey,
    });
    const [created] = requestsTo(fake, 'POST', '/v1/payment_intents').filter(
      (request) => request.form['metadata[appointment_id]'] === booking.appointment.id,
    );
    expect(created!.headers.authorization).toBe(`Bearer ${keys.secretKey}`);
    const paid = await deliver(demo, fake.event('payment_intent.succeeded', fake.pay(intentId)));
    expect(paid.body.outcome).toBe('confirmed');
    expect(await row(booking.appointment.id)).toMatchObject({
      status: 'confirmed',
      deposit_paid_cents: 2400,
      balance_due_cents: 9600,
    });
  });
});
