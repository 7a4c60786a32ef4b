import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { type Radicale, radicaleAvailable, startRadicale } from '../support/radicale.ts';
import { shootWidths } from '../support/screenshots.ts';
import { type Account, browserClient, signupBody } from '../support/session.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Settings → Calendars in Chromium against the real stack (issue 17, owner app): an
 * owner connects a calendar file served by a small local HTTP server and a CalDAV
 * account on a real Radicale, sees the last sync, chooses which calendars block and
 * which receives bookings, resyncs (also while the server is down), disconnects, and
 * copies and resets the feed link.
 * Axe finds nothing serious or critical at 1280 and 375 px.
 */
const enabled =
  chromiumAvailable('e2e-chromium/calendar-connections') &&
  radicaleAvailable('e2e-chromium/calendar-connections');
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let stack: TestStack;
let radicale: Radicale;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let db: pg.Client;
let icsServer: Server;
let icsUrl: string;
let tenantId: string;
let staffId: string;

/** An instant `days` from now at a whole hour, as iCalendar UTC. */
const at = (days: number, hour: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
};
const calendarFile = (...events: Array<[uid: string, days: number, hour: number]>) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//BookSprintz tests//EN',
    ...events.flatMap(([uid, days, hour]) => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${at(days, hour)}`,
      `DTEND:${at(days, hour + 1)}`,
      'SUMMARY:Private',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

async function connectionRows() {
  const result = await db.query<{
    id: string;
    provider: string;
    status: string;
    calendars: Array<{ name: string; busy: boolean; write: boolean }>;
  }>(
    'SELECT id, provider, status, calendars FROM booking_calendar_connections WHERE staff_id = $1 AND provider <> $2 ORDER BY created_at',
    [staffId, 'feed'],
  );
  return result.rows;
}

/** Axe over the whole page (it enters open shadow roots): no serious or critical finding. */
async function expectAccessible(label: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    if (!(await page.evaluate('typeof axe !== "undefined"')))
      await page.addScriptTag({ content: await axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
      const results = await axe.run();
      return {
        serious: results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`),
        // Axe names a node inside a shadow root by a nested selector list: proof it looked there.
        enteredShadowRoots: results.passes.some((p) =>
          p.nodes.some((n) => Array.isArray(n.target[0])),
        ),
      };
    });
    expect(violations.serious, `${label} at ${width}px`).toEqual([]);
    expect(violations.enteredShadowRoots).toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
interface AxeResults {
  violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown[] }> }>;
  passes: Array<{ id: string; nodes: Array<{ target: unknown[] }> }>;
}

describe.runIf(enabled)('Settings → Calendars in Chromium', () => {
  beforeAll(async () => {
    [stack, radicale] = await Promise.all([startTestStack(), startRadicale()]);
    browser = await launchChromium();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    icsServer = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/calendar' });
      response.end(calendarFile(['dentist@example.com', 2, 15], ['gym@example.com', 3, 16]));
    });
    await new Promise<void>((resolve) => icsServer.listen(0, '127.0.0.1', resolve));
    icsUrl = `http://127.0.0.1:${(icsServer.address() as AddressInfo).port}/ana.ics`;

    // The owner signs up through the API; the browser gets the session cookie.
    const owner = browserClient(stack.url);
    const signup = await owner.request<Account & { tenant_id?: string }>('POST', '/signup', {
      body: signupBody({ owner_name: 'Ana Owner' }),
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const membership = signup.body.tenants[0]!;
    tenantId = membership.id;
    staffId = membership.staff_id!;
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/Chicago',
      locale: 'en-US',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    const [name, value] = owner.cookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: stack.url }]);
    page = await context.newPage();

    const work = await radicale.makeCalendar('work', 'Work');
    const personal = await radicale.makeCalendar('personal', 'Personal');
    await radicale.putEvent(work, 'standup.ics', calendarFile(['standup@example.com', 2, 14]));
    await radicale.putEvent(personal, 'yoga.ics', calendarFile(['yoga@example.com', 4, 17]));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await new Promise((resolve) => icsServer?.close(resolve));
    await radicale?.destroy();
    await stack?.destroy();
  });

  it('is in the settings navigation and starts empty, with the feed link ready', async () => {
    await page.goto(`${stack.url}/app/settings`);
    await page.getByRole('link', { name: 'Calendars' }).click();
    await page.waitForURL(/\/app\/settings\/calendars$/);
    await page.getByText('No calendar connected yet.').waitFor({ timeout: 20_000 });
    const feed = page.getByLabel('Calendar feed address');
    await expect.poll(() => feed.inputValue(), { timeout: 15_000 }).toMatch(/^http.*\.ics$/);
    await shootWidths(page, 'calendar-connections', 'calendars-1-empty');
    await expectAccessible('empty calendars settings');
  });

  it('shows the API’s own problem for Google and Outlook instead of pretending', async () => {
    for (const button of ['Connect Google', 'Connect Outlook']) {
      const answer = page.waitForResponse(
        (response) =>
          response.request().method() === 'POST' &&
          response.url().endsWith(`/tenants/${tenantId}/calendar-connections`),
      );
      await page.getByRole('button', { name: button }).click();
      const response = await answer;
      const body = (await response.json()) as { detail?: string; authorization_url?: string };
      if (response.status() === 201) {
        // Once OAuth exists the browser goes to the provider's consent page.
        await page.waitForURL((url) => url.href === body.authorization_url, { timeout: 15_000 });
        await page.goto(`${stack.url}/app/settings/calendars`);
        continue;
      }
      expect(response.status()).toBe(422);
      await expect
        .poll(() => page.locator('[data-testid="error"]').textContent())
        .toBe(body.detail);
    }
    expect(await connectionRows()).toEqual([]);
  });

  it('connects a calendar link and shows its last sync', async () => {
    await page.getByRole('button', { name: 'Calendar link (ICS)' }).click();
    await page.getByLabel('Calendar address (ICS)').fill(icsUrl);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Connected: 1 calendar found.').waitFor({ timeout: 30_000 });
    const [ics] = await connectionRows();
    expect(ics).toMatchObject({ provider: 'ics', status: 'active' });
    const item = page.locator(`[data-testid="calendar-connection-${ics!.id}"]`);
    await expect
      .poll(() => item.getByTestId(`calendar-status-${ics!.id}`).textContent())
      .toBe('Connected');
    expect(await item.getByTestId(`calendar-last-sync-${ics!.id}`).textContent()).toMatch(
      /Last synced \w{3}, /,
    );
    // A calendar link is read-only: it is never offered for receiving bookings.
    expect(await item.getByRole('radio').count()).toBe(0);
    const busy = await db.query(
      'SELECT count(*)::int AS n FROM booking_external_busy WHERE connection_id = $1',
      [ics!.id],
    );
    expect(busy.rows[0]).toEqual({ n: 2 });
  });

  it('connects CalDAV on Radicale, finds both calendars, and saves which block and which receives bookings', async () => {
    await page.getByRole('button', { name: 'iCloud / CalDAV' }).click();
    await page.getByText('app-specific password', { exact: false }).waitFor();
    await page
      .getByLabel('Server or calendar address')
      .fill(`${radicale.url}/${radicale.username}/`);
    await page.getByLabel('Username').fill(radicale.username);
    await page.getByLabel('Password').fill(radicale.password);
    await shootWidths(page, 'calendar-connections', 'calendars-2-caldav-form');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Connected: 2 calendars found.').waitFor({ timeout: 30_000 });
    const caldav = (await connectionRows())[1]!;
    expect(caldav).toMatchObject({ provider: 'caldav', status: 'active' });
    expect(caldav.calendars.map((c) => [c.name, c.busy, c.write]).sort()).toEqual([
      ['Personal', true, false],
      ['Work', true, false],
    ]);

    await page.getByLabel('Busy times in Personal block bookings').uncheck();
    await page.getByText('Saved.').waitFor({ timeout: 15_000 });
    await page.getByLabel('Add new bookings to Work').check();
    await expect
      .poll(async () =>
        (await connectionRows())[1]!.calendars.map((c) => [c.name, c.busy, c.write]).sort(),
      )
      .toEqual([
        ['Personal', false, false],
        ['Work', true, true],
      ]);
    // The page shows what was saved, after its reload from the API.
    await page.reload();
    await expect
      .poll(() => page.getByLabel('Add new bookings to Work').isChecked(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByLabel('Busy times in Personal block bookings').isChecked()).toBe(false);
    await shootWidths(page, 'calendar-connections', 'calendars-3-connected');
    await expectAccessible('calendars with two connections');
  });

  it('resyncs: only the calendar left blocking counts', async () => {
    const caldav = (await connectionRows())[1]!;
    const item = page.locator(`[data-testid="calendar-connection-${caldav.id}"]`);
    await item.getByRole('button', { name: 'Resync now' }).click();
    await page.getByText('Synced: 1 busy time.').waitFor({ timeout: 30_000 });
    const busy = await db.query<{ source_uid: string }>(
      'SELECT source_uid FROM booking_external_busy WHERE connection_id = $1',
      [caldav.id],
    );
    expect(busy.rows).toEqual([{ source_uid: 'standup@example.com' }]);
  });

  it('shows a failed sync with the server’s reason, keeps the busy time, and recovers', async () => {
    const caldav = (await connectionRows())[1]!;
    const item = page.locator(`[data-testid="calendar-connection-${caldav.id}"]`);
    await radicale.stop();
    try {
      const answer = page.waitForResponse((response) => response.url().endsWith('/sync'));
      await item.getByRole('button', { name: 'Resync now' }).click();
      const response = await answer;
      expect(response.status()).toBe(502);
      const { detail } = (await response.json()) as { detail: string };
      await expect
        .poll(() => page.locator('[data-testid="error"]').textContent(), { timeout: 15_000 })
        .toBe(detail);
      await expect
        .poll(() => item.getByTestId(`calendar-status-${caldav.id}`).textContent())
        .toBe('Sync failed');
      const shown = await item.getByTestId(`calendar-error-${caldav.id}`).textContent();
      const stored = await db.query<{ last_error: string }>(
        'SELECT last_error FROM booking_calendar_connections WHERE id = $1',
        [caldav.id],
      );
      expect(shown).toContain(stored.rows[0]!.last_error);
      // The last good read keeps blocking.
      const busy = await db.query(
        'SELECT count(*)::int AS n FROM booking_external_busy WHERE connection_id = $1',
        [caldav.id],
      );
      expect(busy.rows[0]).toEqual({ n: 1 });
      await shootWidths(page, 'calendar-connections', 'calendars-3b-sync-failed');
      await expectAccessible('a failed connection');
    } finally {
      await radicale.start();
    }
    await item.getByRole('button', { name: 'Resync now' }).click();
    await page.getByText('Synced: 1 busy time.').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => item.getByTestId(`calendar-status-${caldav.id}`).textContent())
      .toBe('Connected');
    expect(await item.getByTestId(`calendar-error-${caldav.id}`).count()).toBe(0);
  });

  it('tells the owner to reconnect when the provider revoked access', async () => {
    const caldav = (await connectionRows())[1]!;
    // The state the OAuth providers' invalid_grant leaves behind (their sync sets it).
    await db.query(
      "UPDATE booking_calendar_connections SET status = 'revoked', last_error = 'invalid_grant: token revoked' WHERE id = $1",
      [caldav.id],
    );
    await page.reload();
    const item = page.locator(`[data-testid="calendar-connection-${caldav.id}"]`);
    await expect
      .poll(() => item.getByTestId(`calendar-status-${caldav.id}`).textContent(), {
        timeout: 20_000,
      })
      .toBe('Access revoked');
    const shown = await item.getByTestId(`calendar-error-${caldav.id}`).textContent();
    expect(shown).toContain('Disconnect and connect again.');
    expect(shown).toContain('invalid_grant: token revoked');
    await db.query(
      "UPDATE booking_calendar_connections SET status = 'active', last_error = NULL WHERE id = $1",
      [caldav.id],
    );
    await page.reload();
    await item.waitFor({ timeout: 20_000 });
  });

  it('copies the feed link in one click and resets it after a confirmation', async () => {
    const feed = page.getByLabel('Calendar feed address');
    const before = await feed.inputValue();
    await page.getByRole('button', { name: 'Copy link' }).first().click();
    await page.getByText('Link copied.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(before);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Reset link' }).click();
    expect(await feed.inputValue()).toBe(before);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset link' }).click();
    await page.getByText('New address made.', { exact: false }).waitFor({ timeout: 15_000 });
    const after = await feed.inputValue();
    expect(after).not.toBe(before);
    expect((await fetch(before)).status).toBe(404);
    const fresh = await fetch(after);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain('BEGIN:VCALENDAR');
  });

  it('disconnects only after a confirmation, and its busy time goes with it', async () => {
    const [ics] = await connectionRows();
    const item = page.locator(`[data-testid="calendar-connection-${ics!.id}"]`);
    page.once('dialog', (dialog) => void dialog.dismiss());
    await item.getByRole('button', { name: 'Disconnect' }).click();
    expect((await connectionRows()).length).toBe(2);

    page.once('dialog', (dialog) => void dialog.accept());
    await item.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('Disconnected.').waitFor({ timeout: 15_000 });
    await item.waitFor({ state: 'detached' });
    expect((await connectionRows()).map((row) => row.provider)).toEqual(['caldav']);
    const busy = await db.query(
      'SELECT count(*)::int AS n FROM booking_external_busy WHERE connection_id = $1',
      [ics!.id],
    );
    expect(busy.rows[0]).toEqual({ n: 0 });
  });

  it('shows the same card on the staff member’s page, in Spanish and French too', async () => {
    await page.goto(`${stack.url}/app/staff/${staffId}`);
    const card = page.getByTestId(`staff-calendars-${staffId}`);
    await card.getByRole('heading', { name: 'Calendars' }).waitFor({ timeout: 20_000 });
    await card.getByText('Work', { exact: true }).waitFor();
    await shootWidths(page, 'calendar-connections', 'calendars-4-staff-page');
    await expectAccessible('staff page');
    for (const [lang, tab, button] of [
      ['es', 'Calendarios', 'Sincronizar ahora'],
      ['fr', 'Calendriers', 'Synchroniser maintenant'],
    ] as const) {
      await page.evaluate((l) => localStorage.setItem('bs-app-locale', l), lang);
      await page.goto(`${stack.url}/app/settings/calendars`);
      await page.locator('a[aria-current="page"]', { hasText: tab }).waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: button }).waitFor({ timeout: 20_000 });
      await shootWidths(page, 'calendar-connections', `calendars-5-${lang}`);
    }
    await page.evaluate(() => localStorage.setItem('bs-app-locale', 'en'));
  });

  it('offers "Add bookings here" for Google and Outlook connections too, and saves the choice', async () => {
    // Connections as the OAuth callback leaves them (consent itself runs against the
    // fakes in workerd-postgres/calendar-google and calendar-microsoft).
    const inserted = await db.query<{ id: string; provider: string }>(
      `INSERT INTO booking_calendar_connections (tenant_id, staff_id, provider, sync_direction, status, calendars)
       VALUES ($1, $2, 'google', 'from_provider', 'active', $3), ($1, $2, 'microsoft', 'from_provider', 'active', $4)
       RETURNING id, provider`,
      [
        tenantId,
        staffId,
        JSON.stringify([{ id: 'ana@gmail.test', name: 'Ana Google', busy: true, write: false }]),
        JSON.stringify([{ id: 'AAMk-ana', name: 'Ana Outlook', busy: true, write: false }]),
      ],
    );
    await page.goto(`${stack.url}/app/settings/calendars`);
    for (const [name, row] of [
      ['Ana Google', inserted.rows[0]!],
      ['Ana Outlook', inserted.rows[1]!],
    ] as const) {
      const offered = page.getByLabel(`Add new bookings to ${name}`);
      await offered.waitFor({ timeout: 20_000 });
      await offered.check();
      await expect
        .poll(async () => {
          const saved = await db.query<{ calendars: Array<{ write: boolean }> }>(
            'SELECT calendars FROM booking_calendar_connections WHERE id = $1',
            [row.id],
          );
          return saved.rows[0]?.calendars[0]?.write;
        })
        .toBe(true);
    }
  });
});
