import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { themeCheckRun } from '@shopify/theme-check-node';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, serveHostPage } from '../support/browser.ts';
import { blockSchema, extensionDir, renderBlock } from '../support/shopify-liquid.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { bookThroughWidget } from '../support/widget-flow.ts';

/**
 * The Shopify theme app extension: its Liquid rendered with liquidjs (plus the Shopify
 * tag and filter the blocks use), Shopify's own theme checker, and the rendered block in
 * Chromium on a store's origin, booking against the real stack.
 */
const HOSTILE = '"><script>window.__pwned=1</script>';
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'shopify');
const HOST = 'https://book.example.com';

/** The rendered HTML's elements and attributes, as a browser would read them. */
function parse(html: string) {
  const tags = [...html.matchAll(/<(script|book-sprintz)\b([^>]*)>/g)].map((match) => ({
    tag: match[1],
    attributes: Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [
        a[1],
        (a[2] ?? '')
          .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
          .replaceAll('&quot;', '"')
          .replaceAll('&lt;', '<')
          .replaceAll('&gt;', '>')
          .replaceAll('&amp;', '&'),
      ]),
    ),
  }));
  return tags;
}

describe('Shopify theme app extension, rendered', () => {
  it('the app block prints the inline snippet with its settings', async () => {
    const html = await renderBlock('booking.liquid', {
      tenant: 'demo',
      host: `${HOST}/`,
      service: 'haircut',
      locale: 'fr',
      color: '#047857',
    });
    expect(parse(html)).toEqual([
      { tag: 'script', attributes: { type: 'module', src: `${HOST}/widget/v1/book-sprintz.js` } },
      {
        tag: 'book-sprintz',
        attributes: {
          tenant: 'demo',
          service: 'haircut',
          locale: 'fr',
          style: '--bs-color-primary: #047857; --bs-color-text: #0f172a',
          'data-shopify-editor-block': '{"id":"AbC123"}',
        },
      },
    ]);
    expect(html).not.toContain('<iframe');
  });

  it('the app block prints nothing for visitors until it is configured', async () => {
    expect((await renderBlock('booking.liquid', { tenant: '', host: HOST })).trim()).toBe('');
    const editor = await renderBlock(
      'booking.liquid',
      { tenant: '' },
      { request: { design_mode: true } },
    );
    expect(editor).toContain('enter your business slug');
  });

  it('the app embed prints the floating-button loader', async () => {
    const html = await renderBlock('floating-button.liquid', { tenant: 'demo', host: HOST });
    expect(parse(html)).toEqual([
      {
        tag: 'script',
        attributes: {
          src: `${HOST}/widget/v1/embed.js`,
          'data-tenant': 'demo',
          'data-mode': 'button',
          'data-label': 'Book now',
          'data-color': '#1d4ed8',
          async: '',
        },
      },
    ]);
  });

  it('a hostile setting stays inside its attribute in both blocks', async () => {
    for (const file of ['booking.liquid', 'floating-button.liquid']) {
      const settings = Object.fromEntries(
        (await blockSchema(file)).settings
          .filter((s) => s.type === 'text')
          .map((s) => [s.id, s.id === 'host' ? HOST : HOSTILE]),
      );
      const html = await renderBlock(file, { ...settings, color: HOSTILE });
      expect(html, file).not.toContain('<script>window');
      const values = parse(html).flatMap((t) => Object.values(t.attributes));
      expect(values, file).toContain(HOSTILE);
    }
  });

  it("Shopify's theme checker (theme-app-extension rules) finds no offence", async () => {
    const run = await themeCheckRun(extensionDir);
    // It did read the extension: both blocks and the six locale files.
    expect(run.theme.map((file) => file.uri.split('/').slice(-2).join('/')).sort()).toEqual([
      'blocks/booking.liquid',
      'blocks/floating-button.liquid',
      'locales/en.default.json',
      'locales/en.default.schema.json',
      'locales/es.json',
      'locales/es.schema.json',
      'locales/fr.json',
      'locales/fr.schema.json',
    ]);
    const offences = run.offenses;
    expect(
      offences.map((o) => `${o.uri.split('/').slice(-2).join('/')}: ${o.check} ${o.message}`),
    ).toEqual([]);
  });
});

const enabled = chromiumAvailable('shopify');
let stack: TestStack;
let browser: Browser;
let db: pg.Client;

/** A store's page around the extension's output. */
const storePage = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Northside Studio</title><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2937;background:#faf7f2}
header{background:#111827;color:#fff;padding:16px 24px;font-weight:700;letter-spacing:.04em}
main{max-width:760px;margin:0 auto;padding:24px 16px 96px}</style></head>
<body><header>NORTHSIDE STUDIO</header>${body}</body></html>`;

describe.runIf(enabled)('Shopify app block in Chromium, on a store origin', () => {
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

  it('books through the rendered app block; the app embed is a working button', async () => {
    const block = await renderBlock('booking.liquid', { tenant: 'demo', host: stack.url });
    const embed = await renderBlock('floating-button.liquid', { tenant: 'demo', host: stack.url });
    // The store is on `localhost`, the API on 127.0.0.1: two origins.
    const store = await serveHostPage(
      () => storePage(`<main><h1>Book a session</h1>${block}</main>${embed}`),
      'localhost',
    );
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`http://localhost:${store.port}/`);
    const button = page.locator('button.book-sprintz-button');
    await expect.poll(() => button.textContent(), { timeout: 15_000 }).toBe('Book now');
    await page.locator('main book-sprintz [data-testid="service-haircut"]').waitFor();
    await mkdir(artifacts, { recursive: true });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(artifacts, `store-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    const code = await bookThroughWidget(page.locator('main book-sprintz'), {
      name: 'Shona Pify',
      email: 'shona.shopify@example.com',
    });
    const { rows } = await db.query(
      `SELECT a.status, t.subdomain FROM appointments a JOIN booking_tenants t ON t.id = a.tenant_id
        WHERE a.confirmation_code = $1`,
      [code],
    );
    expect(rows).toEqual([{ status: 'confirmed', subdomain: 'demo' }]);

    await button.click();
    await page.locator('book-sprintz[mode="popup"] [data-testid^="service-"]').first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
    await store.close();
  });

  it("a hostile button label is the button's text, and no script runs", async () => {
    const embed = await renderBlock('floating-button.liquid', {
      tenant: 'demo',
      host: stack.url,
      label: HOSTILE,
    });
    const store = await serveHostPage(() => storePage(embed), 'localhost');
    const page = await browser.newPage();
    await page.goto(`http://localhost:${store.port}/`);
    const button = page.locator('button.book-sprintz-button');
    await expect.poll(() => button.textContent(), { timeout: 15_000 }).toBe(HOSTILE);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
    await store.close();
  });
});
