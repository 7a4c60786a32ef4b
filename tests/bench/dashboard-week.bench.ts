/**
 * `pnpm bench` (issue 16): the owner's week calendar on a busy salon, in headless
 * Chromium against the real stack on loopback (DESIGN §9: ≤ 1 s from sign-in).
 *   BENCH dashboard_week_paint_ms   ms   median over 7 loads of /app/calendar?view=week
 *                                        by a signed-in owner: from the navigation's start
 *                                        to the frame after all 500 appointments (10 staff)
 *                                        are in the DOM, the app's JavaScript, session
 *                                        check, catalog and appointment pages included
 * The appointments are written with one SQL statement (the booking path is benchmarked
 * elsewhere); the calendar reads them the way it always does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startStack } from '@booksprintz/dev-stack';
import pg from 'pg';
import { launchChromium } from '../support/browser.ts';

const APPOINTMENTS = 500;
const STAFF = 10;
const RUNS = 7;
/** A Monday: the week shown. Any week works; the calendar reads the date from the URL. */
const WEEK = '2027-03-15';

const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-bench-dashboard-'));
const stack = await startStack({
  port: await freePort(),
  dataDir,
  persistent: false,
  vars: { RATE_LIMITS: 'off' },
});
const base = `${stack.url}/api/booking/v1`;
const browser = await launchChromium();

async function call(method: string, path: string, key: string | null, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      origin: stack.url,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json().catch(() => null)) as Record<string, unknown>;
  if (response.status >= 400) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

try {
  const tag = Date.now().toString(36);
  const owner = { email: `owner-${tag}@busy.example`, password: 'correct horse battery' };
  const created = await call('POST', '/signup', null, {
    name: 'Busy Salon',
    business_name: 'Busy Salon',
    subdomain: `busy-${tag}`,
    timezone: 'UTC',
    currency: 'USD',
    email: owner.email,
    owner_name: 'Olivia Owner',
    password: owner.password,
  });
  const tenant = created.tenant as { id: string };
  const key = created.api_key as string;
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  await db.query(
    `UPDATE booking_tenants SET plan_tier = 'enterprise', max_staff = 1000000, max_services = 1000000 WHERE id = $1`,
    [tenant.id],
  );
  const staff: string[] = [
    ((await call('GET', `/tenants/${tenant.id}/staff`, key)).data as Array<{ id: string }>)[0]!.id,
  ];
  while (staff.length < STAFF) {
    const member = await call('POST', `/tenants/${tenant.id}/staff`, key, {
      name: `Stylist ${staff.length}`,
    });
    staff.push(member.id as string);
    for (const day of [1, 2, 3, 4, 5, 6]) {
      await call('POST', `/tenants/${tenant.id}/availability-rules`, key, {
        staff_id: member.id,
        rule_type: 'recurring',
        day_of_week: day,
        start_time: '09:00',
        end_time: '18:00',
      });
    }
  }
  const services: string[] = [];
  for (let i = 0; i < 5; i++) {
    const service = await call('POST', `/tenants/${tenant.id}/services`, key, {
      slug: `svc-${i}`,
      name: `Service ${i}`,
      duration_minutes: 45,
      price_cents: 2500 + i * 1000,
    });
    services.push(service.id as string);
  }
  // 50 per staff member: 7 days × up to 8 an hour apart from 09:00, never overlapping.
  await db.query(
    `INSERT INTO appointments (tenant_id, service_id, staff_id, start_time, end_time, duration_minutes,
       customer_name, customer_email, confirmation_code, total_price_cents, currency, status)
     SELECT $1, ($2::uuid[])[1 + i % 5], ($3::uuid[])[1 + i % 10], t, t + interval '45 minutes', 45,
       'Customer ' || i, 'c' || i || '@example.com', 'W' || lpad(i::text, 7, '0'),
       2500 + (i % 5) * 1000, 'USD', (ARRAY['confirmed','confirmed','confirmed','pending'])[1 + i % 4]
     FROM generate_series(0, $4 - 1) AS i,
       LATERAL (SELECT $5::date + ((i / 10) % 7) * interval '1 day' + interval '9 hours'
         + ((i / 70) * interval '1 hour') AS t) AS slot`,
    [tenant.id, services, staff, APPOINTMENTS, WEEK],
  );
  await db.end();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}/app/login`);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="business-name"]').waitFor({ timeout: 30_000 });

  const times: number[] = [];
  /** When the last appointments page arrived: the share of the total that is the API's. */
  const dataTimes: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    await page.goto(`${stack.url}/app/calendar?view=week&date=${WEEK}`);
    // Measured in the page: navigation start (0) to the frame after the last appointment.
    const painted = await page.evaluate<{ paint: number; data: number }>(`
      new Promise((resolve, reject) => {
        const expected = ${APPOINTMENTS};
        const deadline = performance.now() + 30000;
        // The screen sits under the app shell's shadow roots: search them all.
        const deep = () => {
          let found = 0;
          const walk = (node) => {
            found += node.querySelectorAll('[data-testid^="appointment-"]').length;
            for (const element of node.querySelectorAll('*'))
              if (element.shadowRoot) walk(element.shadowRoot);
          };
          walk(document);
          return found;
        };
        const check = () => {
          if (deep() >= expected) {
            requestAnimationFrame(() => requestAnimationFrame(() => {
              const data = performance
                .getEntriesByType('resource')
                .filter((entry) => entry.name.includes('/appointments?'))
                .reduce((last, entry) => Math.max(last, entry.responseEnd), 0);
              resolve({ paint: performance.now(), data });
            }));
          } else if (performance.now() > deadline) {
            reject(new Error('only ' + deep() + ' of ' + expected + ' appointments painted'));
          } else {
            setTimeout(check, 10);
          }
        };
        check();
      })`);
    if (run > 0) {
      times.push(painted.paint);
      dataTimes.push(painted.data);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`BENCH dashboard_week_paint_ms ${median(times).toFixed(1)} ms`);
  console.log(`(appointments answered at ${median(dataTimes).toFixed(1)} ms, median)`);
} finally {
  await browser.close();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
