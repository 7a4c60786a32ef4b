import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBlock, renderBookingBlock } from '../../plugins/sitesprintz/render.ts';
import { createVia, openEveryDay, type TenantRef } from '../support/admin.ts';
import { apiClient, createTenant, PLATFORM_KEY } from '../support/api.ts';
import { chromiumAvailable, launchChromium, serveHostPage } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { bookThroughWidget } from '../support/widget-flow.ts';

/**
 * SiteSprintz (integrated mode) end to end: the platform provisions a business with its
 * platform key, sets it up, reads its embed code; the site builder renders the booking
 * block from its definition (plugins/sitesprintz) — the same snippet — onto a site page,
 * and a customer books there in Chromium.
 */
const HOSTILE = '"><script>window.__pwned=1</script>';
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'sitesprintz');
const blockDir = join(import.meta.dirname, '..', '..', 'plugins', 'sitesprintz');
const collapse = (html: string) => html.replace(/\s+/g, ' ');

describe('the SiteSprintz block definition', () => {
  it('declares typed attributes with defaults, a template per mode and its preview image', async () => {
    for (const [name, spec] of Object.entries(bookingBlock.attributes)) {
      expect(spec.type, name).toBe('string');
      expect('default' in spec || ('required' in spec && spec.required), name).toBe(true);
    }
    expect(Object.keys(bookingBlock.template.byMode)).toEqual(bookingBlock.attributes.mode.enum);
    const preview = await readFile(join(blockDir, bookingBlock.preview));
    expect(preview.subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses attribute values its types do not allow', () => {
    const base = { tenant: 'demo', host: 'https://book.example.com' };
    expect(() => renderBookingBlock({ ...base, mode: 'iframe' })).toThrow(/mode/);
    expect(() => renderBookingBlock({ ...base, color: 'red;}' })).toThrow(/color/);
    expect(() => renderBookingBlock({ ...base, host: 'https://x" onload="y' })).toThrow(/host/);
    expect(() => renderBookingBlock({ host: base.host })).toThrow(/tenant/);
  });

  it('escapes a hostile value in every free-text attribute', () => {
    for (const mode of ['inline', 'popup', 'button']) {
      const html = renderBookingBlock({
        tenant: 'demo',
        host: 'https://book.example.com',
        mode,
        service: HOSTILE,
        staff: HOSTILE,
        location: HOSTILE,
        label: HOSTILE,
      });
      expect(html, mode).not.toMatch(/<script>window|"><script/);
      expect(html, mode).toContain('&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    }
  });
});

const enabled = chromiumAvailable('e2e-chromium/sitesprintz');
let stack: TestStack;
let browser: Browser;
let db: pg.Client;

describe.runIf(enabled)('SiteSprintz integrated mode, end to end', () => {
  let tenant: TenantRef;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.destroy();
  });

  it('provision with the platform key → set up → embed code → the block books', async () => {
    const api = apiClient(stack.url);
    // 1. SiteSprintz creates the business (platform key, integrated mode).
    tenant = await createTenant(api, {
      name: "Sam's Studio",
      business_name: "Sam's Studio",
      mode: 'integrated',
      plan_tier: 'enterprise',
      allowed_domains: ['localhost'],
    });
    const profile = await api.get(`/tenants/${tenant.id}`, tenant.key);
    expect(profile.body).toMatchObject({ mode: 'integrated', subdomain: tenant.slug });
    // 2. …and sets it up with the business's key.
    const staff = await createVia(api, tenant, 'staff', {
      name: 'Sam Sprintz',
      min_advance_booking_hours: 0,
    });
    await createVia(api, tenant, 'services', {
      slug: 'haircut',
      name: 'Haircut',
      description: 'Cut, wash and style.',
      duration_minutes: 30,
      price_cents: 3000,
    });
    await createVia(api, tenant, 'services', {
      slug: 'beard-trim',
      name: 'Beard trim',
      description: 'Shape and hot towel.',
      duration_minutes: 20,
      price_cents: 1800,
    });
    await openEveryDay(api, tenant, { staff_id: staff.id });

    // 3. The embed code the API gives is what the block renders, in each mode.
    for (const [widgetType, theme] of [
      ['inline', {}],
      ['popup', { label: 'Book a visit' }],
      ['button', { label: 'Book now' }],
    ] as const) {
      const widget = await createVia(api, tenant, 'widgets', {
        name: `Site ${widgetType}`,
        widget_type: widgetType,
        theme,
      });
      const embed = await api.get<{ html: string }>(
        `/tenants/${tenant.id}/widgets/${widget.id}/embed-code`,
        tenant.key,
      );
      expect(embed.status).toBe(200);
      const block = renderBookingBlock({
        tenant: tenant.slug,
        host: stack.url,
        mode: widgetType,
        ...('label' in theme ? { label: theme.label } : {}),
      });
      expect(collapse(block), widgetType).toBe(collapse(embed.body.html));
    }

    // 4. A SiteSprintz page (on `localhost`; the API on 127.0.0.1) with the block, twice;
    // another with a hostile label.
    const inline = renderBookingBlock({ tenant: tenant.slug, host: stack.url, color: '#6d28d9' });
    const block = (label: string) =>
      renderBookingBlock({ tenant: tenant.slug, host: stack.url, mode: 'popup', label });
    const sitePage = (popup: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sam's Studio</title></head>
<body style="font-family: system-ui; max-width: 44rem; margin: 2rem auto; padding: 0 1rem">
<h1>Sam's Studio</h1><p>Barbering in the old town since 2009.</p>
<section id="booking">${inline}</section><p>Rather later? ${popup}</p></body></html>`;
    const site = await serveHostPage(() => sitePage(block('Book a visit')), 'localhost');
    const hostile = await serveHostPage(() => sitePage(block(HOSTILE)), 'localhost');
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`http://localhost:${site.port}/`);
      const widget = page.locator('#booking book-sprintz');
      await widget.locator('[data-testid="service-haircut"]').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => page.locator('button.book-sprintz-button').textContent(), { timeout: 15_000 })
        .toBe('Book a visit');
      await mkdir(artifacts, { recursive: true });
      await widget.screenshot({ path: join(artifacts, 'block-preview.png') });
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(artifacts, `page-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 900 });

      const code = await bookThroughWidget(widget, {
        name: 'Integra Ted',
        email: 'ted.integrated@example.com',
      });
      const { rows } = await db.query(
        `SELECT a.status, a.staff_id FROM appointments a WHERE a.confirmation_code = $1 AND a.tenant_id = $2`,
        [code, tenant.id],
      );
      expect(rows).toEqual([{ status: 'confirmed', staff_id: staff.id }]);
      expect(errors).toEqual([]);

      await page.goto(`http://localhost:${hostile.port}/`);
      await expect
        .poll(() => page.locator('button.book-sprintz-button').textContent(), { timeout: 15_000 })
        .toBe(HOSTILE);
      expect(
        await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
      ).toBeUndefined();
      await page.close();
    } finally {
      await site.close();
      await hostile.close();
    }
  });

  it('POST /platform/login-links signs the owner into /app, once, and shows the booking', async () => {
    const api = apiClient(stack.url);
    const email = 'sam.owner@sitesprintz.example';
    const linkFor = async () => {
      const response = await api.post<{ url: string }>(
        '/platform/login-links',
        { tenant_id: tenant.id, email },
        PLATFORM_KEY,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.url;
    };
    const url = await linkFor();
    // The site builder's "Manage bookings" button opens the link in the owner's browser.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForURL((where) => where.pathname.startsWith('/app'));
      await expect
        .poll(() => page.locator('[data-testid="business-name"]').textContent(), {
          timeout: 20_000,
        })
        .toBe("Sam's Studio");
      // The booking made through the block above is in the owner's list.
      await page.goto(`${stack.url}/app/appointments?status=upcoming`);
      await page.getByText('Integra Ted').first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: join(artifacts, 'owner-app-1280.png') });
    } finally {
      await context.close();
    }

    // The link is spent: opened again (in a fresh browser) it leads to the sign-in page.
    const other = await browser.newContext();
    try {
      const page = await other.newPage();
      await page.goto(url);
      await page.waitForURL((where) => where.pathname === '/app/login');
      expect(await page.locator('[data-testid="business-name"]').count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
