import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * What a customer opens after booking — the manage page and the e-mails — in Chromium at
 * a desktop and a phone width: nothing overflows sideways, and screenshots land in
 * tests/artifacts/customer-pages/ for a person to look at.
 */
const enabled = chromiumAvailable('e2e-chromium/customer-pages');
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'customer-pages');

let stack: TestStack;
let browser: Browser;
let db: pg.Client;

beforeAll(async () => {
  if (!enabled) return;
  stack = await startTestStack({
    vars: { EMAIL_PROVIDER: 'log', PUBLIC_BASE_URL: 'https://book.example.com' },
  });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  await db.query(
    `UPDATE booking_tenants SET primary_color = '#0F766E', email = 'owner@demo-salon.example'
      WHERE subdomain = 'demo'`,
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
  await stack?.destroy();
});

/** Screenshots at 1280 and 375 px; at each, the page is no wider than the window. */
async function shoot(page: Page, name: string) {
  await mkdir(artifacts, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
}

describe.skipIf(!enabled)('customer pages in Chromium', () => {
  it('renders the manage page, its confirmation steps and the e-mails at 1280 and 375 px', async () => {
    const api = apiClient(stack.url);
    const day = upcomingDate('America/New_York', 9);
    const availability = await api.get<{
      days: Array<{ slots: Array<{ start_time: string; staff_id: string }> }>;
    }>(`/demo/availability?service_id=color&date=${day}`);
    const slot = availability.body.days[0]!.slots[0]!;
    const booked = await api.request<{ manage_url: string; appointment: { id: string } }>(
      'POST',
      '/demo/appointments',
      {
        body: {
          service_id: 'color',
          staff_id: slot.staff_id,
          start_time: slot.start_time,
          timezone: 'Europe/Paris',
          notes: 'Sensitive scalp <please be gentle>',
          customer: { name: 'Chloé Martin', email: 'chloe@example.fr', phone: '+33 6 12 34 56 78' },
        },
      },
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const page = await browser.newPage();
    await page.goto(booked.body.manage_url);
    await page.waitForSelector('[data-testid="status"]');
    await shoot(page, 'manage-page');
    await page.goto(`${booked.body.manage_url}&date=${day}`);
    await page.waitForSelector('.slot');
    await shoot(page, 'manage-page-times');
    await page.locator('.slot').nth(2).click();
    await page.waitForSelector('[data-testid="confirm-move"]');
    await shoot(page, 'manage-page-confirm-move');
    await page.goto(`${booked.body.manage_url}&step=cancel`);
    await page.click('[data-testid="confirm-cancel"]');
    await page.waitForSelector('.notice');
    expect(await page.textContent('[data-testid="status"]')).toBe('Cancelled');
    await shoot(page, 'manage-page-cancelled');

    await api.post('/dev/deliver', undefined);
    const mails = await db.query<{ id: string; type: string; recipient_email: string }>(
      `SELECT id, type, recipient_email FROM booking_notifications
        WHERE appointment_id = $1 AND channel = 'email' ORDER BY created_at`,
      [booked.body.appointment.id],
    );
    const customer = mails.rows.find(
      (row) => row.type === 'confirmation' && row.recipient_email === 'chloe@example.fr',
    );
    const owner = mails.rows.find(
      (row) => row.type === 'confirmation' && row.recipient_email === 'owner@demo-salon.example',
    );
    for (const [name, row] of [
      ['email-confirmation', customer],
      ['email-business', owner],
    ] as const) {
      expect(row, name).toBeTruthy();
      await page.goto(`${stack.url}/dev/outbox/${row!.id}`);
      await shoot(page, name);
    }
    // Clients that honour prefers-color-scheme get the dark variant: still readable.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${stack.url}/dev/outbox/${customer!.id}`);
    await shoot(page, 'email-confirmation-dark');
    await page.goto(booked.body.manage_url);
    await shoot(page, 'manage-page-cancelled-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${stack.url}/dev/outbox/${owner!.id}`);
    expect(await page.textContent('body')).toContain('+33 6 12 34 56 78');
    await page.close();
  });
});
