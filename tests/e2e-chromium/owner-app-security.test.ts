import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, serveHostPage } from '../support/browser.ts';
import { type BrowserClient, browserClient, signupBody } from '../support/session.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * The owner app's boundaries in Chromium, as a browser (not a test client) exercises
 * them: a staff-role user cannot open a colleague's hours; a session of one business
 * gets 404 on another's routes; a form posted from another page without the CSRF token
 * is refused. And onboarding walked with the keyboard alone (Tab, Enter, Space).
 */
const enabled = chromiumAvailable('e2e-chromium/owner-app-security');

let stack: TestStack;
let browser: Browser;
let db: pg.Client;

interface Owner {
  client: BrowserClient;
  tenantId: string;
  ownerStaffId: string;
  email: string;
}

async function signUpOwner(): Promise<Owner> {
  const client = browserClient(stack.url);
  const body = signupBody();
  const response = await client.request<{ tenant: { id: string } }>('POST', '/signup', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const tenantId = response.body.tenant.id;
  const staff = await client.get<{ data: Array<{ id: string }> }>(`/tenants/${tenantId}/staff`);
  return { client, tenantId, ownerStaffId: staff.body.data[0]!.id, email: body.email };
}

/** A browser context signed in with the client's session cookie. */
async function signedIn(owner: Owner): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = (owner.client.cookie ?? '').split('=') as [string, string];
  await context.addCookies([{ name, value, url: stack.url }]);
  const page = await context.newPage();
  return { context, page };
}

/** A request made by the page itself (its cookie, its origin), answering the status. */
function fetchStatus(page: Page, method: string, path: string, body?: unknown, csrf?: string) {
  return page.evaluate(
    async ({ method, path, body, csrf }) => {
      const response = await fetch(`/api/booking/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.status;
    },
    { method, path, body, csrf },
  );
}

/** The element that has keyboard focus (through shadow roots), as `tag|accessible name`. */
async function focused(page: Page): Promise<string> {
  // A string: the tests compile without the DOM library.
  return page.evaluate<string>(`(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return '';
    const root = element.getRootNode();
    const labelled = element.id ? root.querySelector('label[for="' + CSS.escape(element.id) + '"]') : null;
    const name =
      element.getAttribute('aria-label') ||
      labelled?.textContent ||
      element.closest('label')?.textContent ||
      element.textContent ||
      '';
    return element.tagName.toLowerCase() + '|' + name.replace(/\\s+/g, ' ').trim();
  })()`);
}

/** Presses Tab until the focused element's `tag|name` matches; fails after `max` presses. */
async function tabTo(page: Page, target: RegExp, max = 60): Promise<void> {
  const seen: string[] = [];
  for (let press = 0; press < max; press++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (target.test(now)) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached ${target}; focus went through:\n${seen.join('\n')}`);
}

describe.runIf(enabled)('the owner app’s boundaries in Chromium', () => {
  let a: Owner;
  let b: Owner;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    a = await signUpOwner();
    b = await signUpOwner();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.destroy();
  });

  it("a staff-role user opens their own hours but not a colleague's (screen and API)", async () => {
    const t = a.tenantId;
    expect((await a.client.put(`/tenants/${t}/plan`, { tier: 'starter' })).status).toBe(200);
    const sam = await a.client.post<{ id: string }>(`/tenants/${t}/staff`, { name: 'Sam Staff' });
    expect(sam.status).toBe(201);
    const email = `sam-${Date.now().toString(36)}@example.com`;
    expect(
      (
        await a.client.post(`/tenants/${t}/invitations`, {
          email,
          role: 'staff',
          staff_id: sam.body.id,
        })
      ).status,
    ).toBe(201);
    const { rows } = await db.query<{ message: string }>(
      `SELECT message FROM booking_notifications WHERE type = 'account' AND recipient_email = $1`,
      [email],
    );
    const token = decodeURIComponent(/\?token=([\w%-]+)/.exec(rows[0]?.message ?? '')?.[1] ?? '');

    // Sam joins and signs in in the browser.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/app/accept-invitation?token=${encodeURIComponent(token)}`);
    await page.getByLabel('Your name').fill('Sam');
    await page.getByLabel('Password').fill('sams own password');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.locator('[data-testid="business-name"]').waitFor({ timeout: 20_000 });

    await page.goto(`${stack.url}/app/staff/${sam.body.id}`);
    await page.getByRole('heading', { name: 'Weekly hours' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('bs-hours-editor').count()).toBe(1);

    await page.goto(`${stack.url}/app/staff/${a.ownerStaffId}`);
    await page.locator('[data-testid="error"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('bs-hours-editor').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Weekly hours' }).count()).toBe(0);

    // The same refusals from the page's own requests, with Sam's cookie and CSRF token.
    const csrf = await page.evaluate(async () => {
      const me = await fetch('/api/booking/v1/auth/me', { credentials: 'same-origin' });
      return ((await me.json()) as { csrf_token: string }).csrf_token;
    });
    expect(await fetchStatus(page, 'GET', `/tenants/${t}/staff/${sam.body.id}`)).toBe(200);
    // The team's names are for everyone (the calendar shows them); their hours are not:
    // a colleague's rules do not exist for Sam (an empty list, 404 one by one).
    const listed = await page.evaluate<string[], string>(async (path) => {
      const response = await fetch(`/api/booking/v1${path}`, { credentials: 'same-origin' });
      return ((await response.json()) as { data: Array<{ staff_id: string }> }).data.map(
        (rule) => rule.staff_id,
      );
    }, `/tenants/${t}/availability-rules?staff_id=${a.ownerStaffId}`);
    expect(listed).toEqual([]);
    const ownerRule = (
      await a.client.get<{ data: Array<{ id: string; staff_id: string }> }>(
        `/tenants/${t}/availability-rules`,
      )
    ).body.data.find((rule) => rule.staff_id === a.ownerStaffId)!;
    expect(await fetchStatus(page, 'GET', `/tenants/${t}/availability-rules/${ownerRule.id}`)).toBe(
      404,
    );
    expect(
      await fetchStatus(
        page,
        'PUT',
        `/tenants/${t}/availability-rules/${ownerRule.id}`,
        { start_time: '06:00' },
        csrf,
      ),
    ).toBe(404);
    const hours = {
      rule_type: 'recurring',
      day_of_week: 6,
      start_time: '10:00',
      end_time: '12:00',
    };
    expect(
      await fetchStatus(
        page,
        'POST',
        `/tenants/${t}/availability-rules`,
        { ...hours, staff_id: a.ownerStaffId },
        csrf,
      ),
    ).toBe(403);
    const untouched = await db.query(
      'SELECT start_time::text FROM booking_availability_rules WHERE id = $1',
      [ownerRule.id],
    );
    expect(untouched.rows[0]?.start_time).not.toBe('06:00:00');
    await context.close();
  });

  it("a session cookie of business A gets 404 on business B's routes", async () => {
    const { context, page } = await signedIn(a);
    await page.goto(`${stack.url}/app`);
    await page.locator('[data-testid="business-name"]').waitFor({ timeout: 20_000 });
    expect(await fetchStatus(page, 'GET', `/tenants/${a.tenantId}/staff`)).toBe(200);
    for (const path of [
      '',
      '/staff',
      `/staff/${b.ownerStaffId}`,
      '/services',
      '/appointments',
      '/plan',
    ]) {
      expect(await fetchStatus(page, 'GET', `/tenants/${b.tenantId}${path}`), path).toBe(404);
    }
    const csrf = a.client.csrf;
    expect(
      await fetchStatus(
        page,
        'PUT',
        `/tenants/${b.tenantId}`,
        { business_name: 'Taken over' },
        csrf,
      ),
    ).toBe(404);
    const name = await db.query('SELECT business_name FROM booking_tenants WHERE id = $1', [
      b.tenantId,
    ]);
    expect(name.rows[0]?.business_name).not.toBe('Taken over');
    await context.close();
  });

  it('refuses a form posted from another page without the CSRF token (403), and changes nothing', async () => {
    const { context, page } = await signedIn(a);
    const target = `${stack.url}/api/booking/v1/tenants/${a.tenantId}/services`;
    // The classic JSON-by-form trick: a text/plain body that parses as the service.
    const form = `<form method="post" enctype="text/plain" action="${target}">
      <input type="hidden" name='{"name":"Forged","slug":"forged","duration_minutes":30,"price_cents":0,"x":"' value='"}'>
    </form><script>document.forms[0].submit()</script>`;
    // Same site (so the SameSite=Lax cookie goes along), another origin: only the CSRF
    // defence stands in the way. Without a cookie the answer would be 401, not 403.
    const sameSite = await serveHostPage(
      () => `<!doctype html><title>evil</title>${form}`,
      '127.0.0.1',
    );
    // Another site entirely: the browser does not even send the cookie.
    const crossSite = await serveHostPage(
      () => `<!doctype html><title>evil</title>${form}`,
      'localhost',
    );
    try {
      const answer = page.waitForResponse((response) => response.url() === target);
      await page.goto(`http://127.0.0.1:${sameSite.port}/`);
      expect((await answer).status()).toBe(403);
      const other = page.waitForResponse((response) => response.url() === target);
      await page.goto(`http://localhost:${crossSite.port}/`);
      expect([401, 403]).toContain((await other).status());
    } finally {
      await sameSite.close();
      await crossSite.close();
    }
    const forged = await db.query(
      'SELECT id FROM booking_services WHERE tenant_id = $1 AND slug = $2',
      [a.tenantId, 'forged'],
    );
    expect(forged.rows).toEqual([]);
    // The same cookie with the token, from the app's own origin, does work.
    await page.goto(`${stack.url}/app`);
    await page.locator('[data-testid="business-name"]').waitFor({ timeout: 20_000 });
    expect(
      await fetchStatus(
        page,
        'POST',
        `/tenants/${a.tenantId}/services`,
        { name: 'Real', slug: 'real', duration_minutes: 30, price_cents: 0 },
        a.client.csrf,
      ),
    ).toBe(201);
    await context.close();
  });

  it('walks onboarding with the keyboard alone: sign up, first service, hours, branding, link, embed', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    const key = page.keyboard;
    const subdomain = `keys-${Date.now().toString(36)}`;
    await page.goto(`${stack.url}/app/signup`);
    await page.locator('bs-signup-screen').waitFor();
    await tabTo(page, /^input\|Business name/);
    await key.type('Keyboard Pilates');
    await tabTo(page, /^input\|Booking page address/);
    await key.press('ControlOrMeta+A');
    await key.type(subdomain);
    await tabTo(page, /^input\|Your name/);
    await key.type('Kai');
    await tabTo(page, /^input\|Email/);
    await key.type(`${subdomain}@example.com`);
    await tabTo(page, /^input\|Password/);
    await key.type('correct horse battery');
    await key.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="business-name"]').textContent(), { timeout: 20_000 })
      .toBe('Keyboard Pilates');
    const tenantId = (
      await db.query('SELECT id FROM booking_tenants WHERE subdomain = $1', [subdomain])
    ).rows[0]?.id as string;

    // 1. First service, from the checklist.
    await page
      .getByRole('heading', { name: 'Get ready to take bookings' })
      .waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Add a service' }).waitFor({ timeout: 15_000 });
    await tabTo(page, /^a\|Add a service$/);
    await key.press('Enter');
    await page.getByRole('dialog').waitFor({ timeout: 15_000 });
    await tabTo(page, /^input\|Name$/);
    await key.type('Mat class');
    await tabTo(page, /^input\|Duration \(minutes\)/);
    await key.press('ControlOrMeta+A');
    await key.type('45');
    await tabTo(page, /^input\|Price/);
    await key.type('20.00');
    await tabTo(page, /^button\|Save$/);
    await key.press('Enter');
    await page.getByText('"Mat class" is saved.').waitFor({ timeout: 15_000 });
    const services = await db.query(
      'SELECT price_cents, duration_minutes FROM booking_services WHERE tenant_id = $1',
      [tenantId],
    );
    expect(services.rows).toEqual([{ price_cents: 2000, duration_minutes: 45 }]);

    // Back home through the navigation, then 2. hours: open Saturday with Space.
    await tabTo(page, /^a\|Home$/, 120);
    await key.press('Enter');
    await page.getByRole('link', { name: 'Set hours' }).waitFor({ timeout: 15_000 });
    await tabTo(page, /^a\|Set hours$/);
    await key.press('Enter');
    await page.getByRole('heading', { name: 'Weekly hours' }).waitFor({ timeout: 15_000 });
    await page.getByRole('checkbox', { name: 'Saturday' }).waitFor({ timeout: 15_000 });
    await tabTo(page, /^input\|Saturday$/, 120);
    await key.press('Space');
    await tabTo(page, /^button\|Save hours$/, 120);
    await key.press('Enter');
    await page.getByText('Hours saved. The widget shows them now.').waitFor({ timeout: 15_000 });
    const saturday = await db.query(
      `SELECT start_time::text, end_time::text FROM booking_availability_rules WHERE tenant_id = $1 AND day_of_week = 6`,
      [tenantId],
    );
    expect(saturday.rows).toEqual([{ start_time: '09:00', end_time: '17:00' }]);

    // 3. Branding: saved as it is. 4–5. The link and the code, copied with Enter/Space.
    await tabTo(page, /^a\|Home$/, 120);
    await key.press('Enter');
    await page.getByRole('link', { name: 'Brand it' }).waitFor({ timeout: 15_000 });
    await tabTo(page, /^a\|Brand it$/);
    await key.press('Enter');
    await page.getByRole('heading', { name: 'Branding' }).waitFor({ timeout: 15_000 });
    await tabTo(page, /^button\|Save$/, 120);
    await key.press('Enter');
    await page.getByText('Saved.', { exact: false }).first().waitFor({ timeout: 15_000 });
    await tabTo(page, /^a\|Home$/, 120);
    await key.press('Enter');
    await page.getByRole('link', { name: 'Get the link' }).waitFor({ timeout: 15_000 });
    await tabTo(page, /^a\|Get the link$/);
    await key.press('Enter');
    await page.getByRole('button', { name: 'Copy link' }).waitFor({ timeout: 15_000 });
    await tabTo(page, /^button\|Copy link/, 120);
    await key.press('Enter');
    await tabTo(page, /^button\|Copy code/, 120);
    await key.press('Space');
    await expect
      .poll(
        async () =>
          (
            await db.query(
              `SELECT booking_page_settings->'onboarding_done' AS done FROM booking_tenants WHERE id = $1`,
              [tenantId],
            )
          ).rows[0]?.done,
        { timeout: 15_000 },
      )
      .toEqual(expect.arrayContaining(['hours', 'branding', 'link', 'embed']));
    // Home: the checklist is done and gone.
    await tabTo(page, /^a\|Home$/, 120);
    await key.press('Enter');
    await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { name: 'Get ready to take bookings' }).count()).toBe(0);
    await context.close();
  });
});
