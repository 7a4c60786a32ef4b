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
});
