import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_KEY } from '../support/api.ts';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { requestsTo } from '../support/fake-stripe.ts';
import {
  type Business,
  COLOR,
  dayAhead,
  type PaymentStack,
  SALON_KEYS,
  startPaymentStack,
} from '../support/payments.ts';

/**
 * The owner cancels a deposit-paid appointment from its panel in Chromium: the business
 * cancelled, so the deposit goes back through (fake) Stripe, and the panel says so.
 */
const enabled = chromiumAvailable('e2e-chromium/owner-refund');

describe.runIf(enabled)('cancel with refund from the owner app', () => {
  let ps: PaymentStack;
  let salon: Business;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ps = await startPaymentStack();
    salon = await ps.open(SALON_KEYS, [COLOR]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Integrated mode's one-time link makes and signs in the owner.
    const link = await ps.api.post<{ url: string }>(
      '/platform/login-links',
      { tenant_id: salon.tenant.id, email: 'owner@salon.example' },
      PLATFORM_KEY,
    );
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    await page.goto(link.body.url);
    await page.locator('[data-testid="business-name"]').waitFor({ timeout: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ps?.close();
  });

  it('cancels a paid booking with a reason and refunds its deposit', async () => {
    const { booking, intentId } = await ps.bookDeposit(salon, 'color', dayAhead(10));
    const paid = await ps.deliver(
      salon,
      ps.fake.event('payment_intent.succeeded', ps.fake.pay(intentId)),
    );
    expect(paid.body.outcome).toBe('confirmed');
    const id = booking.appointment.id;

    await page.goto(`${ps.stack.url}/app/appointments/${id}`);
    await page.getByRole('button', { name: 'Cancel…' }).click();
    await page.getByLabel('Reason').fill('Stylist is ill');
    await page.getByRole('button', { name: 'Cancel appointment' }).click();
    await page.getByText('Cancelled.').waitFor({ timeout: 15_000 });

    const refunds = () =>
      requestsTo(ps.fake, 'POST', '/v1/refunds').filter((r) => r.form.payment_intent === intentId);
    await expect.poll(() => refunds().length, { timeout: 15_000 }).toBe(1);
    expect(refunds()[0]!.form.amount).toBe('2400');
    await expect
      .poll(async () => (await ps.row(id)).refunded_cents, { timeout: 15_000 })
      .toBe(2400);
    expect(await ps.row(id)).toMatchObject({
      status: 'cancelled',
      cancelled_by: 'staff',
      cancellation_reason: 'Stylist is ill',
    });
    await page.reload();
    await page.getByText('refunded $24.00').waitFor({ timeout: 15_000 });
  });
});
