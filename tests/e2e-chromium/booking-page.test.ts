import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay, serviceBody } from '../support/admin.ts';
import { apiClient, createTenant } from '../support/api.ts';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * The hosted booking page `/{tenant}` (DESIGN §12): the business's page with the widget
 * inline, served by the Worker, and the owner app's shell at /app.
 */
const enabled = chromiumAvailable('e2e-chromium/booking-page');
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'booking-page');

let stack: TestStack;
let browser: Browser | undefined;
let slug: string;
const NAME = 'Rosa & "Sons" <Barbers>';

beforeAll(async () => {
  stack = await startTestStack();
  const api = apiClient(stack.url);
  const tenant = await createTenant(api, {
    business_name: NAME,
    primary_color: '#0F766E',
    phone: '+1 312 555 0199',
    timezone: 'America/Chicago',
  });
  slug = tenant.slug;
  const location = await createVia(api, tenant, 'locations', {
    name: 'Wicker Park',
    address_line1: '1550 N Milwaukee Ave',
    city: 'Chicago',
    state: 'IL',
    postal_code: '60622',
    country: 'US',
    is_primary: true,
  });
  await createVia(api, tenant, 'staff', { name: 'Rosa Díaz', location_ids: [location.id] });
  await createVia(
    api,
    tenant,
    'services',
    serviceBody({ name: 'Classic cut', duration_minutes: 30, price_cents: 3500 }),
  );
  await createVia(
    api,
    tenant,
    'services',
    serviceBody({ name: 'Hot towel shave', duration_minutes: 45, price_cents: 4200 }),
  );
  await createVia(
    api,
    tenant,
    'services',
    serviceBody({ name: 'Cut & beard', duration_minutes: 90, price_cents: 6000 }),
  );
  await openEveryDay(api, tenant);
  if (enabled) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.destroy();
});

describe('GET /{tenant}', () => {
  it("is the business's page: name, address, services, widget, meta tags, all escaped", async () => {
    const response = await fetch(`${stack.url}/${slug}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const page = await response.text();
    expect(page).not.toContain('<Barbers>');
    expect(page).toContain('Rosa &amp; &quot;Sons&quot; &lt;Barbers&gt;');
    expect(page).toContain(
      `<book-sprintz tenant="${slug}" aria-label="Book an appointment"></book-sprintz>`,
    );
    expect(page).toContain('<script type="module" src="/widget/v1/book-sprintz.js"></script>');
    expect(page).toContain('1550 N Milwaukee Ave, 60622 Chicago, IL');
    expect(page).toMatch(/Classic cut[\s\S]*30 min · \$35\.00/);
    expect(page).toContain('Cut &amp; beard');
    expect(page).toContain('1 h 30 min');
    expect(page).toContain(
      `<meta property="og:title" content="Book with Rosa &amp; &quot;Sons&quot; &lt;Barbers&gt;">`,
    );
    expect(page).toContain(`<meta property="og:url" content="${stack.url}/${slug}">`);
    expect(page).toMatch(
      /<meta name="description" content="Book Classic cut, Cut &amp; beard, Hot towel shave with/,
    );
    expect(page).toContain('--brand:#0F766E');
  });

  it.each([
    ['unknown', 'no-such-business-here'],
    ['reserved', 'admin'],
    ['malformed', 'Not_A_Slug'],
  ])('answers a clean 404 page for an %s slug', async (_kind, path) => {
    const response = await fetch(`${stack.url}/${path}`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('There is no booking page here');
    // Not a browser: the API's problem JSON, like any other unknown route.
    const script = await fetch(`${stack.url}/${path}`);
    expect(script.status).toBe(404);
    expect(script.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('/app', () => {
  it('answers every deep link with the app shell', async () => {
    for (const path of ['/app', '/app/calendar?view=week', '/app/settings/team']) {
      const response = await fetch(`${stack.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<title>BookSprintz</title>');
    }
  });
});

describe.skipIf(!enabled)('in Chromium', () => {
  it('renders the widget inline under its CSP, at 1280 and 375 px', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${stack.url}/${slug}`);
    await page.waitForSelector('[data-testid^="service-"]', { timeout: 15_000 });
    expect(await page.title()).toBe(`Book with ${NAME}`);
    await mkdir(artifacts, { recursive: true });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(artifacts, `booking-page-${width}.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
