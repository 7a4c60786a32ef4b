import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAppointment, seedCustomer } from '../support/admin.ts';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { addDays, dateIn } from '../support/dates.ts';
import { connectDb, encryptionKey } from '../support/db.ts';
import { type BrowserClient, browserClient, signupBody } from '../support/session.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Every /app screen (DASHBOARD.md URLs) of a business with some life in it, at 1280
 * and 375 px: axe finds no serious or critical violation, nothing scrolls sideways at
 * 360 px (neither the page nor a table inside its card), a screen's current tab is in
 * view, and a full-page screenshot of each lands in tests/artifacts/owner-app/screens for
 * a person to look at.
 */
const enabled = chromiumAvailable('e2e-chromium/owner-app-screens');
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'owner-app', 'screens');
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let stack: TestStack;
let browser: Browser;
let db: pg.Client;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string }>;
}

/** axe on the page as it is (open shadow roots included): serious and critical only. */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) {
    await page.addScriptTag({ content: axeSource });
  }
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The screen has drawn: its heading is there and nothing says "Loading…". */
async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor({ timeout: 20_000 });
  await expect.poll(() => page.getByText('Loading…').count(), { timeout: 20_000 }).toBe(0);
}

const sideways = (page: Page) =>
  page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );

/**
 * What the page-level check above cannot see, through every shadow root: a table wider
 * than the box it sits in (a list scrolling sideways inside its card, whose
 * `overflow-x: auto` hides it from the page), by its first column's header; and a tab
 * strip whose current tab is not wholly in view, by that tab's text. Also the number of
 * table rows, so that a list screen with nothing in it does not pass these checks by
 * having nothing to check.
 */
const shadowRootChecks = (page: Page) =>
  page.evaluate<{ wideTables: string[]; hiddenTabs: string[]; rows: number }>(`(() => {
    const wideTables = [];
    const hiddenTabs = [];
    let rows = 0;
    const visit = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot);
        if (element.tagName === 'TR' && element.parentElement?.tagName === 'TBODY') rows++;
        if (element.tagName === 'TABLE' && element.parentElement) {
          const over = element.offsetWidth - element.parentElement.clientWidth;
          if (over > 1) wideTables.push((element.querySelector('th')?.textContent.trim() || 'a table') + ' by ' + over + 'px');
        }
        const current = element.matches('nav.tabs') && element.querySelector('[aria-current="page"]');
        if (current) {
          const strip = element.getBoundingClientRect();
          const tab = current.getBoundingClientRect();
          if (tab.left < strip.left - 1 || tab.right > strip.right + 1) hiddenTabs.push(current.textContent.trim());
        }
      }
    };
    visit(document);
    return { wideTables, hiddenTabs, rows };
  })()`);

/** List screens whose rows the phone-card checks above must see: at least this many. */
const LISTED: Record<string, number> = { appointments: 2, customers: 5 };

describe.runIf(enabled)('every owner-app screen', () => {
  let owner: BrowserClient;
  let context: BrowserContext;
  let page: Page;
  const screens: Array<[string, string]> = [];

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    db = await connectDb(stack.databaseUrl);
    const secret = await encryptionKey(stack.dataDir);

    // A yoga studio with two services, a second teacher, a location and some bookings.
    owner = browserClient(stack.url);
    const body = signupBody({
      business_name: 'Sunrise Yoga',
      name: 'Sunrise Yoga',
      timezone: 'America/New_York',
      owner_name: 'Maya Patel',
    });
    const signup = await owner.request<{ tenant: { id: string } }>('POST', '/signup', { body });
    expect(signup.status).toBe(201);
    const t = signup.body.tenant.id;
    expect((await owner.put(`/tenants/${t}/plan`, { tier: 'professional' })).status).toBe(200);
    const staff = await owner.get<{ data: Array<{ id: string }> }>(`/tenants/${t}/staff`);
    const maya = staff.body.data[0]!.id;
    const leo = await owner.post<{ id: string }>(`/tenants/${t}/staff`, {
      name: 'Leo Martin',
      title: 'Yin teacher',
    });
    const flow = await owner.post<{ id: string }>(`/tenants/${t}/services`, {
      slug: 'vinyasa-flow',
      name: 'Vinyasa flow',
      duration_minutes: 60,
      price_cents: 3500,
    });
    const privateSession = await owner.post(`/tenants/${t}/services`, {
      slug: 'private-session',
      name: 'Private session',
      duration_minutes: 90,
      price_cents: 9000,
    });
    expect(privateSession.status).toBe(201);
    expect(flow.status).toBe(201);
    const location = await owner.post(`/tenants/${t}/locations`, {
      name: 'Main studio',
      address_line1: '12 Harbor St',
      city: 'Portland',
    });
    expect(location.status, JSON.stringify(location.body)).toBe(201);
    // Today's three fill the day and the home screen. By 19:00Z all of them are past, so
    // two more tomorrow keep the upcoming list's rows (and its phone cards) on screen
    // whatever the hour the suite runs.
    const today = dateIn('America/New_York', new Date());
    const tomorrow = addDays(today, 1);
    for (const [day, hour, who, name] of [
      [today, 14, maya, 'Priya Shah'],
      [today, 16, leo.body.id, 'Tom Becker'],
      [today, 19, maya, 'Ana Lima'],
      [tomorrow, 15, leo.body.id, 'Sam Okafor'],
      [tomorrow, 17, maya, 'Lena Vogel'],
    ] as const) {
      const customer = await seedCustomer(db, secret, t, { name });
      await seedAppointment(db, secret, t, { serviceId: flow.body.id, staffId: who }, customer, {
        start: `${day}T${String(hour).padStart(2, '0')}:00:00Z`,
      });
    }
    const firstAppointment = (
      await db.query<{ id: string }>('SELECT id FROM appointments WHERE tenant_id = $1 LIMIT 1', [
        t,
      ])
    ).rows[0]!.id;
    const firstCustomer = (
      await db.query<{ id: string }>(
        'SELECT id FROM booking_customers WHERE tenant_id = $1 LIMIT 1',
        [t],
      )
    ).rows[0]!.id;

    screens.push(
      ['home', '/app'],
      ['calendar-day', `/app/calendar?view=day&date=${today}`],
      ['calendar-week', `/app/calendar?view=week&date=${today}`],
      ['calendar-month', `/app/calendar?view=month&date=${today}`],
      ['appointments', '/app/appointments?status=upcoming'],
      ['appointments-cancelled', '/app/appointments?status=cancelled'],
      ['appointment', `/app/appointments/${firstAppointment}`],
      ['customers', '/app/customers'],
      ['customer', `/app/customers/${firstCustomer}`],
      ['services', '/app/services'],
      ['staff', '/app/staff'],
      ['staff-detail', `/app/staff/${maya}`],
      ['locations', '/app/locations'],
      ['analytics', '/app/analytics'],
      ...[
        'business',
        'branding',
        'booking-page',
        'embed',
        'notifications',
        'payments',
        'plan',
        'team',
        'webhooks',
        'api-keys',
      ].map((section): [string, string] => [`settings-${section}`, `/app/settings/${section}`]),
    );
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York',
    });
    const [name, value] = (owner.cookie ?? '').split('=') as [string, string];
    await context.addCookies([{ name, value, url: stack.url }]);
    page = await context.newPage();
    await mkdir(artifacts, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.destroy();
  });

  it('the signed-out screens: axe-clean, no sideways scroll, screenshots', async () => {
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const out = await anonymous.newPage();
    const problems: string[] = [];
    for (const [name, path] of [
      ['login', '/app/login'],
      ['signup', '/app/signup'],
      ['reset-password', '/app/reset-password'],
    ] as const) {
      await out.goto(`${stack.url}${path}`);
      problems.push(...(await check(out, name)));
    }
    await anonymous.close();
    expect(problems).toEqual([]);
  });

  it('every signed-in screen: axe-clean at 1280 and 375 px, no sideways scroll at 360 px, screenshots', async () => {
    const problems: string[] = [];
    for (const [name, path] of screens) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${stack.url}${path}`);
      problems.push(...(await check(page, name)));
    }
    expect(problems).toEqual([]);
  }, 300_000);

  /** Both widths (and 360 for overflow): what is wrong, as lines; screenshots on the way. */
  async function check(target: Page, name: string): Promise<string[]> {
    const problems: string[] = [];
    for (const width of [1280, 375, 360]) {
      await target.setViewportSize({ width, height: 900 });
      await settled(target);
      if (width !== 360) {
        await target.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
        for (const violation of await seriousViolations(target)) {
          problems.push(
            `${name} @${width}: ${violation.impact} ${violation.id} (${violation.help}) — ${violation.nodes
              .slice(0, 3)
              .map((node) => node.html.slice(0, 120))
              .join(' | ')}`,
          );
        }
      }
      const overflow = await sideways(target);
      if (overflow > 0) problems.push(`${name} @${width}: scrolls sideways by ${overflow}px`);
      const { wideTables, hiddenTabs, rows } = await shadowRootChecks(target);
      if (rows < (LISTED[name] ?? 0)) {
        problems.push(
          `${name} @${width}: ${rows} rows, ${LISTED[name]} expected (nothing to check)`,
        );
      }
      for (const table of wideTables) {
        problems.push(`${name} @${width}: a table is wider than its card: ${table}`);
      }
      for (const tab of hiddenTabs) {
        problems.push(`${name} @${width}: the current tab "${tab}" is scrolled out of its strip`);
      }
    }
    return problems;
  }
});
