/**
 * Plan billing on the platform's own Stripe account (DESIGN §10, issue 15): standalone
 * owners subscribe through Stripe Checkout and manage the subscription in the billing
 * portal; the subscription webhooks, signature checked, set the tier. The Stripe API is
 * the local fake (STRIPE_API_BASE, development only); the Worker and Postgres are real.
 */
import { stripeTestSignature } from '@booksprintz/dev-stack';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceBody } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { connectDb } from '../support/db.ts';
import { type FakeStripe, requestsTo, startFakeStripe } from '../support/fake-stripe.ts';
import { billingEvent } from '../support/fake-stripe-billing.ts';
import { browserClient, signupBody } from '../support/session.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const BILLING = {
  PLATFORM_STRIPE_SECRET_KEY: 'sk_test_platformBILLING000000000',
  PLATFORM_STRIPE_WEBHOOK_SECRET: 'whsec_platformBilling0000000000000',
  PLATFORM_STRIPE_PRICE_STARTER: 'price_starter_monthly',
  PLATFORM_STRIPE_PRICE_PROFESSIONAL: 'price_professional_monthly',
  PLATFORM_STRIPE_PRICE_ENTERPRISE: 'price_enterprise_monthly',
};

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let fake: FakeStripe;
let webhookUrl: string;

beforeAll(async () => {
  fake = await startFakeStripe();
  stack = await startTestStack({ vars: { STRIPE_API_BASE: fake.url, ...BILLING } });
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  webhookUrl = `${stack.url}/api/booking/v1/webhooks/stripe-billing`;
  fake.billing.webhook = { url: webhookUrl, secret: BILLING.PLATFORM_STRIPE_WEBHOOK_SECRET };
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
  await fake?.close();
});

/** A standalone business whose owner has verified their address (money moves). */
async function verifiedOwner() {
  const browser = browserClient(stack.url);
  const body = signupBody();
  const signup = await browser.request<{ tenant: { id: string } }>('POST', '/signup', { body });
  expect(signup.status, JSON.stringify(signup.body)).toBe(201);
  const tenantId = signup.body.tenant.id;
  const plan = (path = '') => `/tenants/${tenantId}/plan${path}`;
  // Unverified: no Checkout yet.
  expectProblem(await browser.post(plan('/checkout'), { tier: 'starter' }), 403, 'forbidden');
  const { rows } = await db.query<{ message: string }>(
    `SELECT message FROM booking_notifications WHERE type = 'account' AND recipient_email = $1`,
    [body.email],
  );
  const token = /\?token=([\w%-]+)/.exec(rows[0]?.message ?? '')?.[1];
  expect(
    (await api.post('/auth/verify-email', { token: decodeURIComponent(token ?? '') })).status,
  ).toBe(204);
  return { browser, tenantId, plan, email: body.email };
}

async function deliver(
  type: string,
  object: object,
  secret = BILLING.PLATFORM_STRIPE_WEBHOOK_SECRET,
) {
  const payload = JSON.stringify(billingEvent(type, object));
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripeTestSignature(payload, secret),
    },
    body: payload,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function tenantRow(tenantId: string) {
  const { rows } = await db.query(
    `SELECT plan_tier, max_staff, max_services, max_locations, stripe_customer_id,
            stripe_subscription_id, subscription_status
       FROM booking_tenants WHERE id = $1`,
    [tenantId],
  );
  return rows[0] as Record<string, unknown>;
}

describe('plan billing through the platform’s Stripe', () => {
  it('subscribes through Checkout; only the signed webhook sets the tier', async () => {
    const { browser, tenantId, plan, email } = await verifiedOwner();
    expect((await browser.get(plan())).body).toMatchObject({
      tier: 'free',
      change_via: 'checkout',
      subscription_status: null,
    });
    // With billing on, the plan is not switched by asking.
    expectProblem(await browser.put(plan(), { tier: 'enterprise' }), 403, 'forbidden');
    expectProblem(
      await browser.post(plan('/checkout'), { tier: 'free' }),
      400,
      'validation_failed',
    );
    expectProblem(await browser.post(plan('/portal')), 409, 'conflict');

    const checkout = await browser.post<{ url: string }>(plan('/checkout'), { tier: 'starter' });
    expect(checkout.status, JSON.stringify(checkout.body)).toBe(201);
    const [created] = requestsTo(fake, 'POST', '/v1/checkout/sessions').slice(-1);
    expect(created?.headers.authorization).toBe(`Bearer ${BILLING.PLATFORM_STRIPE_SECRET_KEY}`);
    expect(created?.form).toMatchObject({
      mode: 'subscription',
      'line_items[0][price]': 'price_starter_monthly',
      'line_items[0][quantity]': '1',
      client_reference_id: tenantId,
      customer_email: email,
      'subscription_data[metadata][tenant_id]': tenantId,
      success_url: `${stack.url}/app/settings/plan?checkout=success`,
      cancel_url: `${stack.url}/app/settings/plan?checkout=cancelled`,
    });
    const session = [...fake.billing.checkoutSessions.values()].find(
      (candidate) => candidate.url === checkout.body.url,
    );
    expect(session).toBeDefined();

    // Paid at Stripe; an event with a bad signature changes nothing.
    const { session: done, subscription } = fake.billing.completeCheckout(session!.id);
    const forged = await deliver('checkout.session.completed', done, 'whsec_notTheSecret00000000');
    expect(forged.status).toBe(400);
    expect((await tenantRow(tenantId)).plan_tier).toBe('free');

    expect((await deliver('checkout.session.completed', done)).body).toEqual({
      received: true,
      outcome: 'applied',
    });
    expect(await tenantRow(tenantId)).toEqual({
      plan_tier: 'starter',
      max_staff: 2,
      max_services: 1_000_000,
      max_locations: 1,
      stripe_customer_id: subscription.customer,
      stripe_subscription_id: subscription.id,
      subscription_status: 'active',
    });
    expect((await browser.get(plan())).body).toMatchObject({
      tier: 'starter',
      subscription_status: 'active',
    });
    // A second Checkout would be a second subscription: the portal changes it instead.
    expectProblem(await browser.post(plan('/checkout'), { tier: 'professional' }), 409, 'conflict');
    const portal = await browser.post<{ url: string }>(plan('/portal'));
    expect(portal.status).toBe(201);
    expect(fake.billing.portalSessions.at(-1)).toMatchObject({
      url: portal.body.url,
      customer: subscription.customer,
      return_url: `${stack.url}/app/settings/plan`,
    });
  });

  it('follows the subscription as Stripe has it now, whatever order events come in', async () => {
    const { browser, tenantId, plan } = await verifiedOwner();
    const checkout = await browser.post<{ url: string }>(plan('/checkout'), { tier: 'starter' });
    const session = [...fake.billing.checkoutSessions.values()].find(
      (candidate) => candidate.url === checkout.body.url,
    )!;
    const { session: done, subscription } = fake.billing.completeCheckout(session.id);
    const starterSnapshot = structuredClone(subscription);
    // Upgraded in the portal before the first event arrives.
    const upgraded = fake.billing.updateSubscription(subscription.id, {
      price: 'price_professional_monthly',
    });
    await deliver('customer.subscription.updated', upgraded);
    expect((await tenantRow(tenantId)).plan_tier).toBe('professional');
    // The late events about the starter days do not take the tier back.
    await deliver('checkout.session.completed', done);
    await deliver('customer.subscription.updated', starterSnapshot);
    expect(await tenantRow(tenantId)).toMatchObject({ plan_tier: 'professional', max_staff: 5 });

    // Five services on an unlimited-services plan; then the subscription ends.
    for (const n of [1, 2, 3, 4, 5]) {
      const created = await browser.post(
        `/tenants/${tenantId}/services`,
        serviceBody({ name: `Class ${n}`, slug: `class-${n}` }),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const ended = fake.billing.updateSubscription(subscription.id, { status: 'canceled' });
    expect((await deliver('customer.subscription.deleted', ended)).body.outcome).toBe('applied');
    // Back on free, over its limit: it keeps its five services and cannot add a sixth.
    expect(await tenantRow(tenantId)).toMatchObject({
      plan_tier: 'free',
      max_services: 3,
      subscription_status: 'canceled',
    });
    expectProblem(
      await browser.post(
        `/tenants/${tenantId}/services`,
        serviceBody({ name: 'Class 6', slug: 'class-6' }),
      ),
      403,
      'forbidden',
    );
    // Subscribing again works, and the old subscription's events no longer count.
    const again = await browser.post<{ url: string }>(plan('/checkout'), { tier: 'enterprise' });
    expect(again.status).toBe(201);
    const second = [...fake.billing.checkoutSessions.values()].find(
      (candidate) => candidate.url === again.body.url,
    )!;
    expect(second.customer).toBe(subscription.customer);
    const renewed = fake.billing.completeCheckout(second.id);
    await deliver('checkout.session.completed', renewed.session);
    expect((await tenantRow(tenantId)).plan_tier).toBe('enterprise');
    expect((await deliver('customer.subscription.deleted', ended)).body.outcome).toBe('ignored');
    expect((await tenantRow(tenantId)).plan_tier).toBe('enterprise');
  });

  it('leaves integrated businesses to the platform, and ignores events it does not use', async () => {
    const { id, key } = await createTenant(api, { plan_tier: 'free' });
    expectProblem(
      await api.post(`/tenants/${id}/plan/checkout`, { tier: 'starter' }, key),
      403,
      'forbidden',
    );
    // A subscription naming an integrated business does not touch its plan.
    const stray = fake.billing.updateSubscription([...fake.billing.subscriptions.keys()][0]!, {});
    const sub = { ...stray, metadata: { tenant_id: id } };
    fake.billing.subscriptions.set(`sub_integrated_${id}`, { ...sub, id: `sub_integrated_${id}` });
    expect(
      (await deliver('customer.subscription.updated', { ...sub, id: `sub_integrated_${id}` })).body
        .outcome,
    ).toBe('ignored');
    expect((await tenantRow(id)).plan_tier).toBe('free');
    // An event type billing does not use is acknowledged and ignored.
    expect((await deliver('invoice.paid', { id: 'in_1' })).body).toEqual({
      received: true,
      outcome: 'ignored',
    });
    expect((await fetch(webhookUrl, { method: 'POST', body: '{}' })).status).toBe(400);
  });
});
