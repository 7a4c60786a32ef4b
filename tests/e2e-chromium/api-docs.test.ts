import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * `/api/docs`: the API reference rendered by Redoc from openapi.json, everything served
 * by the Worker (no CDN): Chromium may only talk to the stack's own origin here.
 */
const enabled = chromiumAvailable('api-docs');
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  if (!enabled) return;
  stack = await startTestStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.destroy();
});

describe.skipIf(!enabled)('API reference page', () => {
  it('serves a page and its renderer from the Worker', async () => {
    const page = await fetch(`${stack.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('spec-url="/api/booking/v1/openapi.json"');
    const script = /<script src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBe('/api/docs/redoc.standalone.js');
    const renderer = await fetch(`${stack.url}${script}`);
    expect(renderer.status).toBe(200);
    expect(renderer.headers.get('content-type')).toContain('javascript');
    expect((await renderer.text()).length).toBeGreaterThan(100_000);
  });

  it('renders the operations of openapi.json offline', { timeout: 90_000 }, async () => {
    const context = await browser.newContext();
    const origin = new URL(stack.url).origin;
    const elsewhere: string[] = [];
    // Anything not from the stack (a CDN, web fonts) is refused and remembered.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:'))
        return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${stack.url}/api/docs`);
    await page.locator('h1', { hasText: 'BookSprintz API' }).waitFor();
    const spec = (await (await fetch(`${stack.url}/api/booking/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string }>>;
    };
    const summary = Object.values(spec.paths)
      .flatMap((operations) => Object.values(operations))
      .find((operation) => operation.summary)?.summary;
    expect(summary).toBeDefined();
    // Shown as text on the page: innerText, unlike textContent, leaves out what is hidden.
    await expect
      // biome-ignore lint/performance/useDomNodeTextContent: visible text is the point
      .poll(() => page.locator('body').innerText(), { timeout: 60_000 })
      .toContain(summary as string);
    // Only Redocly's small footer logo is fetched from elsewhere; offline it just does
    // not show. Everything the page needs came from the Worker.
    expect(elsewhere.filter((url) => !url.endsWith('/redoc/logo-mini.svg'))).toEqual([]);
    expect(problems.filter((text) => !text.includes('ERR_FAILED'))).toEqual([]);
    await context.close();
  });
});
