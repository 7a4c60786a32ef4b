import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, serveHostPage } from '../support/browser.ts';
import { fillSignUp, submitSignUp } from '../support/owner-browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * The owner app (DASHBOARD.md) in Chromium against the real stack: a new business signs
 * up in the browser, adds a service, copies its embed code onto a page on another
 * origin, a customer books there, and the booking is on the owner's calendar; then out
 * and in again, and a wrong password refused.
 */
const enabled = chromiumAvailable('e2e-chromium/owner-app');
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'owner-app');

let stack: TestStack;
let browser: Browser;
let db: pg.Client;

const email = `owner-${Date.now().toString(36)}@example.com`;
const password = 'correct horse battery';
const subdomain = `yoga-${Date.now().toString(36)}`;

async function shoot(page: Page, name: string) {
  await mkdir(artifacts, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
    // Usable from 360 px: nothing may scroll sideways.
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.runIf(enabled)('the owner app in Chromium', () => {
  let page: Page;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York',
    });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.destroy();
  });

  it('signs up in the browser and lands on a working business', async () => {
    await fillSignUp(page, stack.url, {
      business: 'Sunrise Yoga',
      subdomain,
      name: 'Maya',
      email,
      password,
    });
    await shoot(page, '1-signup');
    await submitSignUp(page);
    await expect
      .poll(() => page.locator('[data-testid="business-name"]').textContent(), { timeout: 20_000 })
      .toBe('Sunrise Yoga');
    expect(new URL(page.url()).pathname).toBe('/app');
    const tenant = await db.query(
      'SELECT timezone, mode FROM booking_tenants WHERE subdomain = $1',
      [subdomain],
    );
    // The business is in the browser's zone.
    expect(tenant.rows[0]).toMatchObject({ timezone: 'America/New_York', mode: 'standalone' });
    // The home screen as the owner sees it once it has loaded (the day and the checklist),
    // not its loading state.
    await page.getByText('No appointments today.').waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Get ready to take bookings' }).waitFor();
    await shoot(page, '2-home');
  });

  it('adds a service with its price typed as 35.00', async () => {
    await page.goto(`${stack.url}/app/services?new=1`);
    await page.getByLabel('Name', { exact: true }).fill('Vinyasa flow');
    await page.getByLabel('Duration (minutes)').fill('60');
    await page.getByLabel(/^Price/).fill('35.00');
    await shoot(page, '3-service-dialog');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('"Vinyasa flow" is saved.').waitFor({ timeout: 15_000 });
    const service = await db.query(
      `SELECT s.price_cents FROM booking_services s JOIN booking_tenants t ON t.id = s.tenant_id WHERE t.subdomain = $1`,
      [subdomain],
    );
    expect(service.rows).toEqual([{ price_cents: 3500 }]);
    await shoot(page, '4-services');
  });

  it("copies the embed code onto another origin's page, where a customer books; the booking is on the calendar", async () => {
    await page.goto(`${stack.url}/app/settings/embed`);
    const code = page.locator('[data-testid="embed-code"]');
    await expect
      .poll(() => code.textContent(), { timeout: 15_000 })
      .toContain(`tenant="${subdomain}"`);
    expect(await page.locator('[data-testid="booking-link"]').getAttribute('href')).toBe(
      `${stack.url}/${subdomain}`,
    );
    await shoot(page, '5-embed');
    const snippet = (await code.textContent()) ?? '';
    const host = await serveHostPage(
      () =>
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sunrise Yoga</title></head><body><h1>Sunrise Yoga</h1>${snippet}</body></html>`,
      'localhost',
    );
    try {
      const customer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await customer.goto(`http://localhost:${host.port}/`);
      await customer.waitForSelector('[data-testid="service-vinyasa-flow"]', { timeout: 20_000 });
      await customer.click('[data-testid="service-vinyasa-flow"]');
      // One staff member (the owner): the widget skips the staff step.
      await customer.waitForSelector(
        '[data-testid^="calendar-date-"]:not([aria-disabled="true"])',
        { timeout: 20_000 },
      );
      await customer
        .locator('[data-testid^="calendar-date-"]:not([aria-disabled="true"])')
        .first()
        .click();
      await customer.waitForSelector('[data-testid^="slot-"]');
      await customer.locator('[data-testid^="slot-"]').first().click();
      await customer.fill('book-sprintz input[name="name"]', 'Priya Customer');
      await customer.fill('book-sprintz input[name="email"]', 'priya@example.com');
      await customer.click('[data-testid="book-now"]');
      await customer.locator('[data-testid="confirmation-code"]').waitFor({ timeout: 20_000 });
      await customer.close();
    } finally {
      await host.close();
    }
    const booked = await db.query(
      `SELECT a.id, to_char(a.start_time AT TIME ZONE 'America/New_York', 'YYYY-MM-DD') AS day
         FROM appointments a JOIN booking_tenants t ON t.id = a.tenant_id WHERE t.subdomain = $1`,
      [subdomain],
    );
    expect(booked.rows).toHaveLength(1);
    const { id, day } = booked.rows[0] as { id: string; day: string };
    await page.goto(`${stack.url}/app/calendar?view=day&date=${day}`);
    await page.locator(`[data-testid="appointment-${id}"]`).waitFor({ timeout: 20_000 });
    expect(await page.locator(`[data-testid="appointment-${id}"]`).textContent()).toContain(
      'Priya Customer',
    );
    await shoot(page, '6-calendar');
    // Keyboard: the appointment is a button, and Enter opens its panel.
    await page.locator(`[data-testid="appointment-${id}"]`).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Appointment' }).waitFor();
    await shoot(page, '7-appointment');
  });

  it('signs out, refuses a wrong password, and signs back in to the page asked for', async () => {
    await page.goto(`${stack.url}/app/logout`);
    await page.waitForURL(/\/app\/login/, { timeout: 15_000 });
    await page.goto(`${stack.url}/app/staff`);
    await page.waitForURL(/\/app\/login\?next=%2Fapp%2Fstaff/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-testid="error"]').waitFor({ timeout: 15_000 });
    await shoot(page, '8-login-refused');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/staff$/, { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Staff' }).waitFor();
  });

  it('keeps the top bar on one line on a phone in French: signing out is in the menu', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.evaluate(() => localStorage.setItem('bs-app-locale', 'fr'));
    try {
      await page.goto(`${stack.url}/app/staff`);
      await page.getByRole('heading', { name: 'Équipe', exact: true }).waitFor({ timeout: 15_000 });
      // One line: the menu button's 44 px and the bar's padding, not a two-line button.
      const bar = await page.locator('header.top').boundingBox();
      expect(bar?.height).toBeLessThanOrEqual(64);
      expect(await page.getByRole('link', { name: 'Se déconnecter' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Se déconnecter' }).click();
      await page.waitForURL(/\/app\/login/, { timeout: 15_000 });
    } finally {
      await page.evaluate(() => localStorage.removeItem('bs-app-locale'));
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
