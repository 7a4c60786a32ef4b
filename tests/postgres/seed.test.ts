import * as schema from '@booksprintz/api/db/schema';
import { seedDemo } from '@booksprintz/dev-stack';
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTenant,
  createTestDatabase,
  database,
  type TestDatabase,
  withClient,
} from './setup.ts';

const dropLater: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(dropLater.splice(0).map((db) => db.drop()));
});

async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: true });
  dropLater.push(db);
  return db;
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of [
      'booking_tenants',
      'booking_locations',
      'booking_staff',
      'booking_services',
      'booking_availability_rules',
      'booking_tenant_users',
    ]) {
      counts[table] = (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    }
    return counts;
  });
}

describe('seedDemo', () => {
  it('seeds the demo business into an empty database, then does nothing', async () => {
    const { url } = await migratedDatabase();
    expect(await seedDemo(url)).toBe(true);
    const afterFirst = await rowCounts(url);
    expect(afterFirst).toEqual({
      booking_tenants: 1,
      booking_locations: 1,
      booking_staff: 2,
      booking_services: 3,
      booking_availability_rules: 12,
      booking_tenant_users: 1,
    });

    expect(await seedDemo(url)).toBe(false);
    expect(await rowCounts(url)).toEqual(afterFirst);
  });

  it('creates the demo rows as specified', async () => {
    const { url } = await migratedDatabase();
    await seedDemo(url);
    await withClient(url, async (client) => {
      const db = database(client);
      const [tenant, ...otherTenants] = await db.select().from(schema.bookingTenants);
      expect(otherTenants).toEqual([]);
      expect(tenant).toMatchObject({
        subdomain: 'demo',
        name: 'Demo Salon',
        business_name: 'Demo Salon',
        timezone: 'America/New_York',
        currency: 'USD',
        locale: 'en',
        plan_tier: 'professional',
        max_locations: 3,
        max_staff: 5,
        status: 'active',
      });
      expect(tenant!.max_services).toBeGreaterThanOrEqual(1000);
      expect(tenant!.allowed_domains).toEqual(expect.arrayContaining(['localhost', '127.0.0.1']));

      const locations = await db.select().from(schema.bookingLocations);
      expect(locations).toEqual([
        expect.objectContaining({
          tenant_id: tenant!.id,
          name: 'Main Street',
          city: 'New York',
          timezone: 'America/New_York',
          is_primary: true,
        }),
      ]);

      const staff = await db
        .select()
        .from(schema.bookingStaff)
        .orderBy(asc(schema.bookingStaff.display_order));
      expect(staff.map(({ name, status }) => ({ name, status }))).toEqual([
        { name: 'Alex Rivera', status: 'active' },
        { name: 'Sam Chen', status: 'active' },
      ]);
      for (const member of staff) expect(member.title).toBeTruthy();

      const services = await db
        .select()
        .from(schema.bookingServices)
        .orderBy(asc(schema.bookingServices.display_order));
      expect(
        services.map((s) => [
          s.slug,
          s.duration_minutes,
          s.price_cents,
          s.currency,
          s.buffer_time_after,
        ]),
      ).toEqual([
        ['haircut', 30, 3500, 'USD', 0],
        ['color', 90, 12000, 'USD', 0],
        ['massage', 60, 8000, 'USD', 15],
      ]);
      for (const service of services) {
        expect(service).toMatchObject({
          status: 'active',
          online_booking_enabled: true,
          booking_type: 'individual',
        });
      }

      for (const member of staff) {
        const rules = await db
          .select()
          .from(schema.bookingAvailabilityRules)
          .where(eq(schema.bookingAvailabilityRules.staff_id, member.id))
          .orderBy(asc(schema.bookingAvailabilityRules.day_of_week));
        expect(
          rules.map((r) => [
            r.rule_type,
            r.day_of_week,
            r.start_time,
            r.end_time,
            r.recurrence_pattern,
            r.is_available,
          ]),
        ).toEqual(
          [1, 2, 3, 4, 5, 6].map((day) => ['recurring', day, '09:00', '17:00', 'weekly', true]),
        );
      }
    });
  });

  it('leaves a database that already has a tenant alone', async () => {
    const { url } = await migratedDatabase();
    await withClient(url, (client) => createTenant(database(client), { subdomain: 'acme' }));
    expect(await seedDemo(url)).toBe(false);
    const subdomains = await withClient(url, (client) =>
      database(client)
        .select({ subdomain: schema.bookingTenants.subdomain })
        .from(schema.bookingTenants),
    );
    expect(subdomains).toEqual([{ subdomain: 'acme' }]);
  });

  it('seeds once when two processes start at the same time', async () => {
    const { url } = await migratedDatabase();
    const results = await Promise.all([seedDemo(url), seedDemo(url)]);
    expect(results.toSorted()).toEqual([false, true]);
    const tenants = await withClient(url, (client) =>
      database(client).select({ n: sql<number>`count(*)::int` }).from(schema.bookingTenants),
    );
    expect(tenants).toEqual([{ n: 1 }]);
  });

  it('with history: eight weeks of past visits, inside opening hours, counted like the API counts', async () => {
    const { url } = await migratedDatabase();
    // A Wednesday afternoon; the same demo on any date, since the clock is given.
    const now = new Date('2026-03-11T18:30:00Z');
    expect(await seedDemo(url, { history: true, now })).toBe(true);
    await withClient(url, async (client) => {
      const one = async (query: string) => (await client.query(query)).rows[0];
      const totals = await one(`SELECT count(*)::int AS n, max(end_time) AS last,
          min(start_time) AS first,
          count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
          count(*) FILTER (WHERE status = 'no_show')::int AS no_shows,
          count(DISTINCT customer_id)::int AS customers FROM appointments`);
      expect(totals.n).toBeGreaterThan(300);
      expect(totals.cancelled).toBeGreaterThan(0);
      expect(totals.no_shows).toBeGreaterThan(0);
      expect(totals.customers).toBeGreaterThan(20);
      // Different people have different names.
      expect(
        await one(
          `SELECT count(DISTINCT name)::int AS names, count(*)::int AS n FROM booking_customers`,
        ),
      ).toEqual({ names: totals.customers, n: totals.customers });
      // Only the past (the widget's future stays free), and no further back than 8 weeks.
      expect(totals.last.getTime()).toBeLessThanOrEqual(Date.parse('2026-03-11T05:00:00Z'));
      expect(totals.first.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-01-14T05:00:00Z'));
      // Monday to Saturday, 09:00–17:00 New York time, and never outside the staff's menu.
      expect(
        await one(`SELECT count(*)::int AS n FROM appointments a JOIN booking_services s ON s.id = a.service_id
          JOIN booking_staff st ON st.id = a.staff_id
          WHERE extract(dow FROM a.start_time AT TIME ZONE 'America/New_York') = 0
             OR (a.start_time AT TIME ZONE 'America/New_York')::time < '09:00'
             OR (a.end_time AT TIME ZONE 'America/New_York')::time > '17:00'
             OR (s.slug = 'massage' AND st.name <> 'Sam Chen')
             OR (s.slug = 'color' AND st.name <> 'Alex Rivera')`),
      ).toEqual({ n: 0 });
      // Every visit has its occupancy, released only when cancelled.
      expect(
        await one(`SELECT count(*)::int AS n FROM appointments a JOIN booking_occupancies o ON o.id = a.occupancy_id
          WHERE (a.status = 'cancelled') <> (o.status = 'released') OR o.start_time <> a.start_time`),
      ).toEqual({ n: 0 });
      // Customers' counters agree with their appointments, as the API keeps them.
      expect(
        await one(`SELECT count(*)::int AS n FROM booking_customers c WHERE
          c.total_appointments <> (SELECT count(*) FROM appointments a WHERE a.customer_id = c.id)
          OR c.total_spent_cents <> (SELECT coalesce(sum(total_price_cents), 0) FROM appointments a
               WHERE a.customer_id = c.id AND a.status = 'completed')
          OR c.no_show_count <> (SELECT count(*) FROM appointments a WHERE a.customer_id = c.id AND a.status = 'no_show')`),
      ).toEqual({ n: 0 });
      // The widget's funnel: one booked page view per online booking, fewer at each step.
      const funnel = Object.fromEntries(
        (
          await client.query(`SELECT event_type, count(DISTINCT session_id)::int AS n
            FROM booking_analytics_events GROUP BY 1`)
        ).rows.map((row) => [row.event_type, row.n]),
      );
      const online = await one(
        `SELECT count(*)::int AS n FROM appointments WHERE booking_source = 'widget'`,
      );
      expect(funnel.booked).toBe(online.n);
      expect(funnel.view).toBeGreaterThan(funnel.service_selected);
      expect(funnel.service_selected).toBeGreaterThan(funnel.slot_selected);
      expect(funnel.slot_selected).toBeGreaterThan(funnel.details_started);
      expect(funnel.details_started).toBeGreaterThan(funnel.booked);
    });
    // Deterministic: another database seeded at the same clock holds the same visits.
    const again = await migratedDatabase();
    await seedDemo(again.url, { history: true, now });
    const visits = (target: string) =>
      withClient(
        target,
        async (client) =>
          (
            await client.query(`SELECT a.start_time, st.name, s.slug, a.status, a.customer_email
            FROM appointments a JOIN booking_staff st ON st.id = a.staff_id
            JOIN booking_services s ON s.id = a.service_id ORDER BY 1, 2`)
          ).rows,
      );
    expect(await visits(again.url)).toEqual(await visits(url));
  }, 90_000); // two databases migrated and seeded: slow on a loaded machine
});
