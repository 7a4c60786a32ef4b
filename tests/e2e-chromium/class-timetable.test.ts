import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { addDays, upcomingDate } from '../support/dates.ts';
import { fillSignUp, submitSignUp } from '../support/owner-browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * A yoga studio gives its class a timetable in the owner app (issue 20): the class is
 * then offered at its own times only — also after the studio's usual hours — with its
 * places, and the widget's API says so.
 */
const enabled = chromiumAvailable('e2e-chromium/class-timetable');
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'owner-app');

let stack: TestStack;
let browser: Browser;
let db: pg.Client;
let page: Page;

const suffix = Date.now().toString(36);
const subdomain = `flow-${suffix}`;

describe.runIf(enabled)('a class timetable set in the owner app', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York',
    });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.destroy();
  });

  it('Tuesdays at 18:00 for eight, and only then', async () => {
    await fillSignUp(page, stack.url, {
      business: 'Flow Studio',
      subdomain,
      name: 'Noor',
      email: `noor-${suffix}@example.com`,
      password: 'correct horse battery',
    });
    await submitSignUp(page);

    await page.goto(`${stack.url}/app/services?new=1`);
    await page.getByLabel('Name', { exact: true }).fill('Evening flow');
    await page.getByLabel('Duration (minutes)').fill('60');
    await page.getByLabel(/^Price/).fill('20.00');
    await page.getByLabel('Who attends').selectOption('class');
    await page.getByLabel('Places').fill('8');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('"Evening flow" is saved.').waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Timetable of Evening flow' }).click();
    const dialog = page.locator('bs-class-timetable dialog');
    await dialog.getByText('No times yet').waitFor();
    await dialog.getByRole('checkbox', { name: 'Tuesday' }).check();
    await dialog.getByLabel('Tuesday: opens at').fill('18:00');
    await dialog.getByLabel('Tuesday: closes at').fill('19:00');
    await dialog.getByText('only at these times').waitFor();
    await mkdir(artifacts, { recursive: true });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(artifacts, `class-timetable-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The timetable of "Evening flow" is saved.').waitFor({ timeout: 15_000 });

    // Stored as the class's business-wide weekly hours.
    const { rows } = await db.query(
      `SELECT r.staff_id, r.day_of_week, r.start_time::text AS start_time, r.end_time::text AS end_time
         FROM booking_availability_rules r JOIN booking_services s ON s.id = r.service_id
        WHERE s.name = 'Evening flow'`,
    );
    expect(rows).toEqual([
      { staff_id: null, day_of_week: 2, start_time: '18:00', end_time: '19:00' },
    ]);

    // The widget's API: the class on Tuesday at 18:00 with its eight places, though the
    // studio's hours (Mon–Fri 09–17, from sign-up) end at 17:00; nothing on Wednesday.
    const service = await db.query(
      `SELECT s.id FROM booking_services s WHERE s.name = 'Evening flow'`,
    );
    const api = apiClient(stack.url);
    const tuesday = upcomingDate('America/New_York', 3, [2]);
    const slots = async (date: string) => {
      const answer = await api.get<{
        days: Array<{ slots: Array<{ start_time: string; remaining_capacity: number }> }>;
      }>(`/${subdomain}/availability?service_id=${service.rows[0].id}&date=${date}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.days.flatMap((day) =>
        day.slots.map((slot) => [
          new Intl.DateTimeFormat('en-GB', {
            timeZone: 'America/New_York',
            hour: '2-digit',
            minute: '2-digit',
          }).format(new Date(slot.start_time)),
          slot.remaining_capacity,
        ]),
      );
    };
    expect(await slots(tuesday)).toEqual([['18:00', 8]]);
    expect(await slots(addDays(tuesday, 1))).toEqual([]);
  });
});
