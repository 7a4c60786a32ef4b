import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { type FakeStripe, requestsTo, startFakeStripe } from '../support/fake-stripe.ts';
import { sessionCookie, signupBody } from '../support/session.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Settings → Plan in Chromium with plan billing on (the platform's Stripe keys set, the
 * Stripe API faked locally): "Upgrade" goes to Stripe Checkout, paying there brings the
 * owner back on the new plan (set by the signed webhook), and "Manage billing" opens the
 * billing portal, where cancelling puts the business back on the free plan.
 */
const enabled = chromiumAvailable('e2e-chromium/owner-app-billing');

const BILLING = {
  PLATFORM_STRIPE_SECRET_KEY: 'sk_test_platformBILLING000000000',
  PLATFORM_STRIPE_WEBHOOK_SECRET: 'whsec_platformBilling0000000000000',
  PLATFORM_STRIPE_PRICE_STARTER: 'price_starter_monthly',
  PLATFORM_STRIPE_PRICE_PROFESSIONAL: 'price_professional_monthly',
  PLATFORM_STRIPE_PRICE_ENTERPRISE: 'price_enterprise_monthly',
};

let stack: TestStack;
let browser: Browser;
let db: pg.Client;
let fake: FakeStripe;

describe.runIf(enabled)('plan billing in the owner app', () => {
  let page: Page;
  let tenantId: string;

  beforeAll(async () => {
    fake = await startFakeStripe();
    stack = await startTestStack({ vars: { STRIPE_API_BASE: fake.url, ...BILLING } });
    fake.billing.webhook = {
      url: `${stack.url}/api/booking/v1/webhooks/stripe-billing`,
      secret: BILLING.PLATFORM_STRIPE_WEBHOOK_SECRET,
    };
    browser = await launchChromium();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();

    // A verified owner, signed in: the session cookie of the API's signup answer.
    const body = signupBody();
    const signup = await fetch(`${stack.url}/api/booking/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url },
      body: JSON.stringify(body),
    });
    expect(signup.status).toBe(201);
    tenantId = ((await signup.json()) as { tenant: { id: string } }).tenant.id;
    const [name, value] = sessionCookie(signup)!.split('=') as [string, string];
    await db.query('UPDATE booking_users SET email_verified_at = now() WHERE email = $1', [
      body.email,
    ]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name, value, url: stack.url }]);
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.destroy();
    await fake?.close();
  });

  const tier = async () =>
    (await db.query('SELECT plan_tier FROM booking_tenants WHERE id = $1', [tenantId])).rows[0]
      ?.plan_tier;

  it('"Upgrade" goes through Stripe Checkout and comes back on the new plan', async () => {
    await page.goto(`${stack.url}/app/settings/plan`);
    const upgrade = page.getByRole('button', { name: 'Upgrade to Professional' });
    await upgrade.waitFor({ timeout: 20_000 });
    // No billing yet: nothing to manage.
    expect(await page.getByRole('button', { name: 'Manage billing' }).count()).toBe(0);
    await upgrade.click();
    await page.waitForURL(`${fake.url}/pay/checkout/**`, { timeout: 15_000 });
    const [created] = requestsTo(fake, 'POST', '/v1/checkout/sessions');
    expect(created?.form['line_items[0][price]']).toBe('price_professional_monthly');
    expect(await tier()).toBe('free');

    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(`${stack.url}/app/settings/plan?checkout=success`, { timeout: 15_000 });
    expect(await tier()).toBe('professional');
    await page.getByRole('button', { name: 'Manage billing' }).waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.locator('bs-plan-section li.current strong').textContent())
      .toBe('Professional');
    // Paying already: a second Checkout is not offered.
    expect(await page.getByRole('button', { name: /^Upgrade to/ }).count()).toBe(0);
  });

  it('"Manage billing" opens the billing portal; cancelling there returns to the free plan', async () => {
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.waitForURL(`${fake.url}/pay/portal/**`, { timeout: 15_000 });
    await page.getByRole('button', { name: 'Cancel plan' }).click();
    await page.waitForURL(`${stack.url}/app/settings/plan`, { timeout: 15_000 });
    expect(await tier()).toBe('free');
    await page.getByRole('button', { name: 'Upgrade to Starter' }).waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.locator('bs-plan-section li.current strong').textContent())
      .toBe('Free');
  });
});
