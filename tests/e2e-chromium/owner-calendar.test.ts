import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient } from '../support/api.ts';
import { chromiumAvailable, launchChromium, serveHostPage } from '../support/browser.ts';
import { addDays, dateIn, upcomingDate } from '../support/dates.ts';
import { outboxOf } from '../support/outbox.ts';
import { browserClient, signupBody } from '../support/session.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { bookThroughWidget } from '../support/widget-flow.ts';

/**
 * The owner's calendar, appointments and customers (issue 16) in Chromium against the
 * real stack: live arrival of a customer's booking, drag to move (and across staff),
 * a refused drag snapping back with its reason, a walk-in outside hours with the
 * override, blocked time leaving the customer's availability, confirm, no-show,
 * keyboard-only move, customers' search/profile/export/erase, axe and 375 px.
 */
const enabled = chromiumAvailable('e2e-chromium/owner-calendar');
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'owner-calendar');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const HOUR_PX = 64;

let stack: TestStack;
let browser: Browser;
let db: pg.Client;
let api: ApiClient;
let tenant: TenantRef;
let page: Page;
let owner: { id: string };
let sam: { id: string };
let cut: { id: string };
let consult: { id: string };
let date: string;
const signup = signupBody({ timezone: 'UTC' });

const at = (hhmm: string) => `${date}T${hhmm}:00Z`;
const admin = (path: string) => `/tenants/${tenant.id}${path}`;

interface Appointment {
  id: string;
  status: string;
  start_time: string;
  end_time: string;
  staff_id: string;
  customer_email: string | null;
  rules_overridden: boolean;
}

async function shoot(name: string) {
  await mkdir(artifacts, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`) });
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** axe-core on the page as it is (open shadow roots included): no serious or critical. */
async function axe(name: string) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate<Array<{ id: string; impact: string; help: string }>>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) })))`,
  );
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${name}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

async function appointment(id: string): Promise<Appointment> {
  const answer = await api.get<Appointment>(admin(`/appointments/${id}`), tenant.key);
  expect(answer.status).toBe(200);
  return answer.body;
}

async function bookPublic(service: string, staffId: string, start: string, n: number) {
  const booked = await api.post<{ appointment: Appointment }>(`/${tenant.slug}/appointments`, {
    service_id: service,
    staff_id: staffId,
    start_time: start,
    customer: { name: `Customer ${n}`, email: `customer${n}@example.com` },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.appointment;
}

async function slotStarts(staffId: string): Promise<string[]> {
  const answer = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
    `/${tenant.slug}/availability?service_id=${cut.id}&staff_id=${staffId}&date=${date}`,
  );
  expect(answer.status).toBe(200);
  return answer.body.days.flatMap((day) => day.slots.map((slot) => slot.start_time));
}

async function openDay() {
  await page.goto(`${stack.url}/app/calendar?view=day&date=${date}`);
  await page.locator(`[data-testid="staff-column-${sam.id}"]`).waitFor({ timeout: 20_000 });
}

/** Drags with the mouse by whole minutes and into another column (or the same). */
async function drag(item: Locator, minutes: number, toColumn: Locator) {
  await item.scrollIntoViewIfNeeded();
  const box = await item.boundingBox();
  const from = await item.locator('xpath=..').boundingBox();
  const to = await toColumn.boundingBox();
  if (!box || !from || !to) throw new Error('nothing to drag');
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(12, box.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  const dx = to.x - from.x;
  const dy = (minutes / 60) * HOUR_PX;
  for (let i = 1; i <= 5; i++) await page.mouse.move(x + (dx * i) / 5, y + (dy * i) / 5);
  await page.mouse.up();
}

describe.runIf(enabled)('the owner calendar in Chromium', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    api = apiClient(stack.url);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const session = browserClient(stack.url);
    const created = await session.post<{
      tenant: { id: string; subdomain: string };
      api_key: string;
      staff_id?: string;
    }>('/signup', signup);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    tenant = {
      id: created.body.tenant.id,
      slug: created.body.tenant.subdomain,
      key: created.body.api_key,
    };
    await db.query(
      `UPDATE booking_tenants SET plan_tier = 'enterprise', max_staff = 1000000, max_services = 1000000 WHERE id = $1`,
      [tenant.id],
    );
    const staff = await api.get<{ data: Array<{ id: string }> }>(admin('/staff'), tenant.key);
    owner = staff.body.data[0]!;
    expect(
      (await api.put(admin(`/staff/${owner.id}`), { min_advance_booking_hours: 0 }, tenant.key))
        .status,
    ).toBe(200);
    sam = await createVia(api, tenant, 'staff', {
      name: 'Sam Rivera',
      min_advance_booking_hours: 0,
      display_order: 2,
    });
    // A third column, so the day view has more than a phone's width to scroll.
    await createVia(api, tenant, 'staff', { name: 'Jo Park', display_order: 3 });
    for (let day = 1; day <= 5; day++) {
      await createVia(api, tenant, 'availability-rules', {
        staff_id: sam.id,
        rule_type: 'recurring',
        day_of_week: day,
        start_time: '09:00',
        end_time: '17:00',
      });
    }
    cut = await createVia(api, tenant, 'services', {
      slug: 'cut',
      name: 'Haircut',
      duration_minutes: 30,
      price_cents: 3000,
    });
    consult = await createVia(api, tenant, 'services', {
      slug: 'consult',
      name: 'Colour consultation',
      duration_minutes: 30,
      price_cents: 0,
      requires_approval: true,
    });
    date = upcomingDate('UTC', 3);

    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    page = await context.newPage();
    if (process.env.DEBUG_PAGE === '1') {
      page.on('console', (message) => console.log('page:', message.text()));
      page.on('pageerror', (error) => console.log('pageerror:', error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) console.log('http', response.status(), response.url());
      });
    }
    await page.goto(`${stack.url}/app/login`);
    await page.getByLabel('Email').fill(signup.email);
    await page.getByLabel('Password').fill(signup.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-testid="business-name"]').waitFor({ timeout: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.destroy();
  });

  let moving: Appointment;

  it('shows a booking made by a customer on the open calendar without a reload', async () => {
    await openDay();
    await page.evaluate('window.__sameDocument = true');
    moving = await bookPublic(cut.id, owner.id, at('10:00'), 1);
    // The open calendar asks for changes every 15 s.
    await page.locator(`[data-testid="appointment-${moving.id}"]`).waitFor({ timeout: 40_000 });
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    await shoot('1-day');
  });

  it('shows a booking made in the widget on the business’s own site, without a reload', async () => {
    // The widget offers the first day with times: open the calendar on it beforehand.
    const today = dateIn('UTC', new Date());
    const offered = await api.get<{ days: Array<{ date: string; slots: unknown[] }> }>(
      `/${tenant.slug}/availability?service_id=${cut.id}&start_date=${today}&end_date=${addDays(today, 13)}&timezone=UTC`,
    );
    expect(offered.status, JSON.stringify(offered.body)).toBe(200);
    const first = offered.body.days.find((day) => day.slots.length > 0)!.date;
    await page.goto(`${stack.url}/app/calendar?view=day&date=${first}`);
    await page.locator(`[data-testid="staff-column-${sam.id}"]`).waitFor({ timeout: 20_000 });
    await page.evaluate('window.__sameDocument = true');
    const site = await serveHostPage(
      () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Salon</title></head>
<body><script type="module" src="${stack.url}/widget/v1/book-sprintz.js"></script>
<book-sprintz tenant="${tenant.slug}" api="${stack.url}" timezone="UTC"></book-sprintz></body></html>`,
      'localhost',
    );
    try {
      const customer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await customer.goto(`http://localhost:${site.port}/`);
      const code = await bookThroughWidget(
        customer.locator('book-sprintz'),
        { name: 'Widget Wendy', email: 'wendy@example.com' },
        'cut',
      );
      expect(code).toMatch(/^[A-Z0-9]{8}$/);
      await customer.close();
    } finally {
      await site.close();
    }
    const row = await db.query(
      `SELECT id FROM appointments WHERE tenant_id = $1 AND customer_email = 'wendy@example.com'`,
      [tenant.id],
    );
    await page
      .locator(`[data-testid="appointment-${row.rows[0].id}"]`)
      .waitFor({ timeout: 40_000 });
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
  });

  it('drags it to another time and staff member: moved, the customer told, the old slot free', async () => {
    expect(await slotStarts(owner.id)).not.toContain(at('10:00'));
    await openDay();
    const item = page.locator(`[data-testid="appointment-${moving.id}"]`);
    await item.waitFor();
    await drag(item, 60, page.locator(`[data-testid="staff-column-${sam.id}"]`));
    await expect
      .poll(async () => (await appointment(moving.id)).staff_id, { timeout: 15_000 })
      .toBe(sam.id);
    expect(await appointment(moving.id)).toMatchObject({ start_time: at('11:00') });
    const messages = await outboxOf(db, moving.id);
    expect(
      messages.filter(
        (row) => row.type === 'rescheduled' && row.recipient_email === 'customer1@example.com',
      ),
    ).not.toHaveLength(0);
    expect(await slotStarts(owner.id)).toContain(at('10:00'));
    expect(await slotStarts(sam.id)).not.toContain(at('11:00'));
    await page
      .locator(`[data-testid="staff-column-${sam.id}"] [data-testid="appointment-${moving.id}"]`)
      .waitFor();
  });

  it('refuses a drag onto a taken time: it snaps back and says why', async () => {
    const other = await bookPublic(cut.id, sam.id, at('13:00'), 2);
    await openDay();
    const item = page.locator(`[data-testid="appointment-${moving.id}"]`);
    await page.locator(`[data-testid="appointment-${other.id}"]`).waitFor();
    await item.scrollIntoViewIfNeeded();
    const place = () =>
      item.evaluate((element) => {
        const style = (element as unknown as { style: { top: string; transform: string } }).style;
        return { top: style.top, transform: style.transform };
      }, undefined);
    const before = await place();
    await drag(item, 120, page.locator(`[data-testid="staff-column-${sam.id}"]`));
    const alert = page.locator('[data-testid="error"]');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toMatch(/taken by another appointment/);
    // Snapped back: where it was, with no drag offset left on it.
    await expect.poll(place).toEqual({ ...before, transform: '' });
    expect(await appointment(moving.id)).toMatchObject({
      start_time: at('11:00'),
      staff_id: sam.id,
    });
    await shoot('2-refused');
  });

  it('moves and lengthens an appointment with the keyboard alone', async () => {
    await openDay();
    const item = page.locator(`[data-testid="appointment-${moving.id}"]`);
    await item.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('bs-appointment-panel');
    await panel.getByRole('button', { name: 'Move…' }).focus();
    await page.keyboard.press('Enter');
    await panel.getByLabel('Time', { exact: true }).focus();
    await page.keyboard.type('0300PM');
    await panel.getByLabel('Length (minutes)').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('60');
    await panel.getByRole('button', { name: 'Move', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await appointment(moving.id)).start_time, { timeout: 15_000 })
      .toBe(at('15:00'));
    expect(await appointment(moving.id)).toMatchObject({ end_time: at('16:00') });
    await page.keyboard.press('Escape');
  });

  it('adds a walk-in with no e-mail outside hours with the override, recorded as such', async () => {
    await openDay();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const entry = page.locator('bs-new-entry');
    await entry.getByLabel('Walk-in', { exact: true }).check();
    await entry.getByLabel('Time', { exact: true }).fill('07:00');
    await entry.getByLabel('Staff member').selectOption(owner.id);
    await entry.getByLabel('Name (optional)').fill('Drop-in Dana');
    await entry.getByLabel(/override/).check();
    await shoot('3-walk-in');
    await entry.getByRole('button', { name: 'Add walk-in' }).click();
    await page.getByText('Added to the calendar.').waitFor({ timeout: 15_000 });
    const rows = await db.query(
      `SELECT id, customer_email, rules_overridden, customer_id FROM appointments
        WHERE tenant_id = $1 AND customer_name = 'Drop-in Dana'`,
      [tenant.id],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({
      customer_email: null,
      rules_overridden: true,
      customer_id: null,
    });
    await page.locator(`[data-testid="appointment-${rows.rows[0].id}"]`).waitFor();
  });

  it('blocks time and the slot leaves the customer’s availability', async () => {
    expect(await slotStarts(owner.id)).toContain(at('14:00'));
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const entry = page.locator('bs-new-entry');
    await entry.getByLabel('Block time', { exact: true }).check();
    await entry.getByLabel('Time', { exact: true }).fill('14:00');
    await entry.getByLabel('Staff member').selectOption(owner.id);
    await entry.getByRole('button', { name: 'Block', exact: true }).click();
    await expect
      .poll(async () => (await slotStarts(owner.id)).includes(at('14:00')), { timeout: 15_000 })
      .toBe(false);
    const starts = await slotStarts(owner.id);
    expect(starts).not.toContain(at('14:00'));
    expect(starts).not.toContain(at('14:30'));
    expect(starts).toContain(at('15:00'));
    await shoot('4-blocked');
    await axe('calendar day');
    await page.getByTestId('view-week').click();
    await page.locator(`[data-testid="appointment-${moving.id}"]`).waitFor();
    await shoot('5-week');
    await axe('calendar week');
  });

  it('confirms a pending booking from its page', async () => {
    const pending = await bookPublic(consult.id, sam.id, at('09:00'), 3);
    expect(pending.status).toBe('pending');
    await page.goto(`${stack.url}/app/appointments/${pending.id}`);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Confirmed. The customer is told.').waitFor({ timeout: 15_000 });
    expect((await appointment(pending.id)).status).toBe('confirmed');
    await shoot('6-appointment');
    await axe('appointment');
  });

  it('marks a no-show once the appointment has started', async () => {
    const gone = await bookPublic(cut.id, owner.id, at('11:00'), 4);
    // Travel: it happened yesterday, behind the API's back.
    await db.query(
      `UPDATE appointments SET start_time = now() - interval '1 day', end_time = now() - interval '1 day' + interval '30 minutes' WHERE id = $1`,
      [gone.id],
    );
    await page.goto(`${stack.url}/app/appointments/${gone.id}`);
    await page.getByRole('button', { name: 'Mark no-show' }).click();
    await page.getByText('Marked as a no-show.').waitFor({ timeout: 15_000 });
    expect((await appointment(gone.id)).status).toBe('no_show');
    await page.goto(`${stack.url}/app/appointments?status=past`);
    await page.getByRole('heading', { name: 'Appointments' }).waitFor();
    await shoot('7-appointments');
    await axe('appointments list');
  });

  it('finds a customer, shows the profile, exports and erases them', async () => {
    await page.goto(`${stack.url}/app/customers`);
    await page
      .getByLabel(/Search/)
      .first()
      .fill('Customer 2');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Customer 2' }).click();
    await page.getByText('customer2@example.com').first().waitFor({ timeout: 15_000 });
    await shoot('8-customer');
    await axe('customer profile');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(file, 'utf8')).toContain('customer2@example.com');
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByLabel(/Type customer2@example.com/).fill('customer2@example.com');
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await expect
      .poll(
        async () =>
          (
            await db.query(
              `SELECT count(*)::int AS n FROM booking_customers WHERE tenant_id = $1 AND email = 'customer2@example.com'`,
              [tenant.id],
            )
          ).rows[0].n,
        { timeout: 15_000 },
      )
      .toBe(0);
    await page.goto(`${stack.url}/app/customers`);
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await axe('customers list');
  });

  it('keeps the day view usable at 375 px: the staff columns scroll inside the grid', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await openDay();
    const sizes = await page.locator('bs-calendar-screen').evaluate((host) => {
      const wrap = host.shadowRoot?.querySelector('.grid-wrap');
      return { scroll: wrap?.scrollWidth ?? 0, client: wrap?.clientWidth ?? 0 };
    });
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('folds the less-used filters behind "Filters" at 375 px, and opens them from the keyboard', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await openDay();
    const services = page.locator('#cal-service');
    const toggle = page.getByRole('button', { name: 'Filters' });
    await expect.poll(() => services.isVisible()).toBe(false);
    // The grid starts in the top 40 % of a phone's screen (all controls shown: ~57 %).
    const gridTop = await page
      .locator('bs-calendar-screen')
      .evaluate(
        (host) => host.shadowRoot?.querySelector('.grid-wrap')?.getBoundingClientRect().top,
      );
    expect(gridTop).toBeLessThan(800 * 0.4);
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => services.isVisible()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    // On a wide screen every control is in the toolbar and the toggle is not offered.
    await expect.poll(() => toggle.isVisible()).toBe(false);
    await expect.poll(() => page.locator('#cal-service').isVisible()).toBe(true);
  });
});
