/**
 * `pnpm bench` (issue 18): the owner's analytics on a busy salon's year, against the
 * real stack on loopback.
 *   BENCH analytics_overview_ms       ms   median of GET …/analytics/overview for a whole
 *                                          year, 50,000 appointments across 10 staff
 *   BENCH analytics_overview_p95_ms   ms   the same, 95th percentile of 20 runs
 *   BENCH analytics_revenue_ms        ms   median of …/analytics/revenue for that year
 *   BENCH analytics_floor_ms          ms   median of an admin read with no figures (the
 *                                          tenant's services): this machine's and the
 *                                          stack's cost per request in the same run
 * The appointments are written with one SQL statement (the booking path is benchmarked
 * elsewhere); figures are read the way the owner app reads them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startStack } from '@booksprintz/dev-stack';
import pg from 'pg';

const PLATFORM_KEY = 'dev_platform_key';
const APPOINTMENTS = 50_000;
const STAFF = 10;
const RUNS = 20;

const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-bench-analytics-'));
const stack = await startStack({
  port: await freePort(),
  dataDir,
  persistent: false,
  vars: { RATE_LIMITS: 'off' },
});
const base = `${stack.url}/api/booking/v1`;

async function call(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: response.status,
    json: (await response.json().catch(() => null)) as Record<string, unknown>,
  };
}

try {
  const created = await call('POST', '/tenants', PLATFORM_KEY, {
    name: 'Busy Salon',
    business_name: 'Busy Salon',
    subdomain: `busy-${Date.now().toString(36)}`,
    timezone: 'America/New_York',
    currency: 'USD',
    email: 'owner@busy.example',
    plan_tier: 'enterprise',
  });
  const tenant = created.json.tenant as { id: string };
  const key = created.json.api_key as string;
  const staff: string[] = [];
  for (let i = 0; i < STAFF; i++) {
    staff.push(
      (
        (await call('POST', `/tenants/${tenant.id}/staff`, key, { name: `Stylist ${i}` })).json as {
          id: string;
        }
      ).id,
    );
    for (const day of [1, 2, 3, 4, 5, 6]) {
      await call('POST', `/tenants/${tenant.id}/availability-rules`, key, {
        staff_id: staff[i],
        rule_type: 'recurring',
        day_of_week: day,
        start_time: '09:00',
        end_time: '18:00',
      });
    }
  }
  const services: string[] = [];
  for (let i = 0; i < 5; i++) {
    services.push(
      (
        (
          await call('POST', `/tenants/${tenant.id}/services`, key, {
            slug: `svc-${i}`,
            name: `Service ${i}`,
            duration_minutes: 45,
            price_cents: 2500 + i * 1000,
          })
        ).json as { id: string }
      ).id,
    );
  }
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  // A year of appointments: 50,000 spread over 2026, mixed statuses, ~4,000 customers.
  await db.query(
    `INSERT INTO appointments (tenant_id, service_id, staff_id, start_time, end_time, duration_minutes,
       customer_name, customer_email, confirmation_code, total_price_cents, currency, status, cancelled_by,
       created_at)
     SELECT $1, ($2::uuid[])[1 + i % 5], ($3::uuid[])[1 + (i / 7) % 10], t, t + interval '45 minutes', 45,
       'Customer ' || (i % 4000), 'c' || (i % 4000) || '@example.com', 'B' || lpad(i::text, 7, '0'),
       2500 + (i % 5) * 1000, 'USD',
       (ARRAY['confirmed','completed','completed','completed','cancelled','no_show','pending'])[1 + i % 7],
       CASE WHEN i % 7 = 4 THEN 'customer' END, t - interval '3 days'
     FROM generate_series(0, $4 - 1) AS i,
       LATERAL (SELECT timestamptz '2026-01-01 14:00Z' + (i * interval '1 second' * (365 * 86400 / $4)) AS t) AS slot`,
    [tenant.id, services, staff, APPOINTMENTS],
  );
  await db.query('ANALYZE appointments');
  await db.end();

  async function time(path: string): Promise<number[]> {
    const times: number[] = [];
    for (let run = 0; run < RUNS + 2; run++) {
      const started = performance.now();
      const answer = await call('GET', path, key);
      if (answer.status !== 200)
        throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
      if (run >= 2) times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  }
  const year = 'start_date=2026-01-01&end_date=2026-12-31';
  const overview = await time(`/tenants/${tenant.id}/analytics/overview?${year}`);
  const revenue = await time(`/tenants/${tenant.id}/analytics/revenue?${year}`);
  const floor = await time(`/tenants/${tenant.id}/services`);
  const at = (values: number[], q: number) =>
    values[Math.min(values.length - 1, Math.floor(values.length * q))]!;
  console.log(`BENCH analytics_overview_ms ${at(overview, 0.5).toFixed(1)} ms`);
  console.log(`BENCH analytics_overview_p95_ms ${at(overview, 0.95).toFixed(1)} ms`);
  console.log(`BENCH analytics_revenue_ms ${at(revenue, 0.5).toFixed(1)} ms`);
  console.log(`BENCH analytics_floor_ms ${at(floor, 0.5).toFixed(1)} ms`);
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
