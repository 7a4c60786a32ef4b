import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ICAL from 'ical.js';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay } from '../support/admin.ts';
import { apiClient, createTenant } from '../support/api.ts';
import { chromiumAvailable, launchChromium, serveHostPage } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * A customer booking through <book-sprintz> on someone else's web page, in Chromium,
 * against the real stack (Postgres, workerd, Durable Objects): DESIGN §1 end to end.
 */
const enabled = chromiumAvailable('e2e-chromium/booking');
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'e2e');

let stack: TestStack;
let browser: Browser;
let db: pg.Client;
let host: Awaited<ReturnType<typeof serveHostPage>>;

/** A salon's own site: it lives on `localhost`, the API on `127.0.0.1` — two origins. */
const hostPage = (api: string, tenant: string) => () =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Salon site</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui; max-width: 44rem; margin: 2rem auto; padding: 0 1rem">
<h1>Our salon</h1>
<script type="module" src="${api}/widget/v1/book-sprintz.js"></script>
<book-sprintz tenant="${tenant}" api="${api}" timezone="America/New_York"></book-sprintz>
</body></html>`;

async function shoot(page: Page, name: string) {
  await mkdir(artifacts, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function openWidget(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('[data-testid^="service-"]', { timeout: 15_000 });
  return page;
}

/** Service → any staff → the first day with times; returns that day's first slot id. */
async function chooseDayAndSlot(page: Page, service = 'haircut'): Promise<string> {
  await page.click(`[data-testid="service-${service}"]`);
  if (await page.locator('[data-testid="staff-any"]').count())
    await page.click('[data-testid="staff-any"]');
  await page.waitForSelector('[data-testid^="calendar-date-"]');
  const days = page.locator('[data-testid^="calendar-date-"]:not([aria-disabled="true"])');
  await days.first().click();
  await page.waitForSelector('[data-testid^="slot-"]');
  return (await page.locator('[data-testid^="slot-"]').first().getAttribute('data-testid')) ?? '';
}

describe.runIf(enabled)('booking in Chromium, widget on another origin', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    host = await serveHostPage(hostPage(stack.url, 'demo'), 'localhost');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await host?.close();
    await stack?.destroy();
  });

  it('books, shows the code, stores the appointment, and offers a valid .ics', async () => {
    const page = await openWidget(`http://localhost:${host.port}/`);
    await shoot(page, '1-services');
    const slot = await chooseDayAndSlot(page);
    await shoot(page, '2-times');
    await page.click(`[data-testid="${slot}"]`);
    await page.fill('book-sprintz input[name="name"]', 'Jane Customer');
    await page.fill('book-sprintz input[name="email"]', 'jane.e2e@example.com');
    await page.fill('book-sprintz input[name="phone"]', '+15555550123');
    await shoot(page, '3-details');
    await page.click('[data-testid="book-now"]');
    const code = (
      await page.locator('[data-testid="confirmation-code"]').textContent({ timeout: 15_000 })
    )?.trim();
    await shoot(page, '4-confirmation');
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    const stored = await db.query(
      `SELECT a.status, a.start_time, t.subdomain FROM appointments a JOIN booking_tenants t ON t.id = a.tenant_id
        WHERE a.confirmation_code = $1`,
      [code],
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]).toMatchObject({ status: 'confirmed', subdomain: 'demo' });
    // The slot id is the start in the displayed zone (New York).
    const hhmm = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(stored.rows[0].start_time);
    expect(slot).toBe(`slot-${hhmm}`);

    const icsHref = await page.locator('[data-testid="add-to-calendar"]').getAttribute('href');
    const ics = await fetch(new URL(icsHref!, stack.url)).then((r) => r.text());
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime()).toBe(
      new Date(stored.rows[0].start_time).getTime(),
    );
    expect(await page.locator('[data-testid="manage-link"]').getAttribute('href')).toContain(
      'token=',
    );
    await page.close();
  });

  it('the widget sends its funnel by beacon, view → booked, during a real booking (issue 18)', async () => {
    const since = (await db.query('SELECT now() AS now')).rows[0].now as Date;
    const page = await openWidget(`http://localhost:${host.port}/`);
    const slot = await chooseDayAndSlot(page);
    await page.click(`[data-testid="${slot}"]`);
    await page.fill('book-sprintz input[name="name"]', 'Funnel Customer');
    await page.fill('book-sprintz input[name="email"]', 'funnel.e2e@example.com');
    await page.click('[data-testid="book-now"]');
    await page.waitForSelector('[data-testid="confirmation-code"]', { timeout: 15_000 });
    // Beacons leave when the browser likes: wait for the last one to be stored.
    const events = async () =>
      (
        await db.query(
          `SELECT e.event_type, e.session_id, e.event_data FROM booking_analytics_events e
             JOIN booking_tenants t ON t.id = e.tenant_id
            WHERE t.subdomain = 'demo' AND e.created_at >= $1 ORDER BY e.created_at`,
          [since],
        )
      ).rows;
    await expect
      .poll(async () => (await events()).map((e) => e.event_type), { timeout: 15_000 })
      .toContain('booked');
    const rows = await events();
    // Each step once. Beacons are separate requests, so two sent a few milliseconds apart
    // may be stored in either order; the order the widget sends them in is its own test's.
    expect(rows.map((e) => e.event_type).sort()).toEqual([
      'booked',
      'details_started',
      'service_selected',
      'slot_selected',
      'view',
    ]);
    // One random session for the page view; the site is the page's origin; no person.
    expect(new Set(rows.map((e) => e.session_id)).size).toBe(1);
    expect(rows.find((e) => e.event_type === 'view')?.event_data).toMatchObject({
      origin: `http://localhost:${host.port}`,
    });
    expect(JSON.stringify(rows)).not.toContain('funnel.e2e@example.com');
    await page.close();
  });

  it('a second browser sees a slot disappear while the first customer holds it', async () => {
    const alice = await openWidget(`http://localhost:${host.port}/`);
    const bob = await openWidget(`http://localhost:${host.port}/`);
    const slot = await chooseDayAndSlot(alice, 'massage');
    const bobSlot = await chooseDayAndSlot(bob, 'massage');
    expect(bobSlot).toBe(slot);
    // Alice picks it: the widget holds it while she types.
    await alice.click(`[data-testid="${slot}"]`);
    await alice.waitForSelector('book-sprintz input[name="name"]');
    await bob.waitForSelector(`[data-testid="${slot}"]`, { state: 'detached', timeout: 10_000 });
    await shoot(bob, '5-slot-taken-live');
    await alice.close();
    await bob.close();
  });

  it('refuses to book from a page whose domain the business has not allowed', async () => {
    const api = apiClient(stack.url);
    const tenant = await createTenant(api, {
      plan_tier: 'enterprise',
      allowed_domains: ['salon.example'],
    });
    const staff = await createVia(api, tenant, 'staff', {
      name: 'Pat',
      min_advance_booking_hours: 0,
    });
    await createVia(api, tenant, 'services', {
      slug: 'haircut',
      name: 'Haircut',
      duration_minutes: 30,
      price_cents: 3000,
    });
    await openEveryDay(api, tenant, { staff_id: staff.id });
    const stranger = await serveHostPage(hostPage(stack.url, tenant.slug), 'localhost');
    try {
      const page = await browser.newPage();
      const refused: number[] = [];
      page.on('response', (response) => {
        if (response.request().method() === 'POST' && response.url().includes('/api/booking/v1/'))
          refused.push(response.status());
      });
      await page.goto(`http://localhost:${stranger.port}/`);
      // Reading is not allowed across origins either: the browser gets no CORS grant.
      await page.waitForSelector('[data-testid="error"]', { timeout: 15_000 });
      await shoot(page, '6-origin-refused');
      expect(await page.locator('[data-testid^="slot-"]').count()).toBe(0);
      const direct = await fetch(`${stack.url}/api/booking/v1/${tenant.slug}/holds`, {
        method: 'POST',
        headers: {
          origin: `http://localhost:${stranger.port}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          service_id: 'haircut',
          start_time: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        }),
      });
      expect(direct.status).toBe(403);
      expect(await direct.json()).toMatchObject({ code: 'origin_not_allowed' });
      await page.close();
    } finally {
      await stranger.close();
    }
  });
});
