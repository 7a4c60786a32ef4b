import {
  bookingAvailabilityRules,
  bookingLocations,
  bookingServices,
  bookingStaff,
  bookingTenants,
  bookingTenantUsers,
  bookingUsers,
  PLAN_LIMITS,
} from '@booksprintz/api/db/schema';
import { hashPassword } from '@booksprintz/api/features/accounts/password';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { seedDemoHistory } from './demo-history.ts';

/** Advisory lock key so that two processes seeding at once produce one demo business. */
const SEED_LOCK_KEY = 7_245_002;

// Hosts, not origins: `pnpm dev` may run on another PORT, and the tests use free ports.
const DEMO_ORIGINS = ['localhost', '127.0.0.1'];

/**
 * The demo business's owner login, so a newcomer can open /app at once. Development
 * only: it exists only in a database this seed created (never added to an existing one),
 * and `pnpm dev` prints it.
 */
export const DEMO_OWNER = {
  email: 'owner@demo-salon.example',
  password: 'demo-salon-owner',
} as const;

/** Monday … Saturday (0 = Sunday). */
const WORKING_DAYS = [1, 2, 3, 4, 5, 6];

/**
 * Seeds the demo business (`demo`: an owner login, two staff, three services, one location) when the
 * database has no tenants at all, in one transaction. Returns whether it seeded.
 * `history` adds eight weeks of past appointments and their customers (`pnpm dev`,
 * `pnpm db:seed`), so the owner app has figures to show; the test suites leave it out.
 */
export async function seedDemo(
  url: string,
  options: { history?: boolean; now?: Date } = {},
): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = drizzle({ client });
    return await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      const existing = await tx.select({ id: bookingTenants.id }).from(bookingTenants).limit(1);
      if (existing.length > 0) return false;

      const zone = 'America/New_York';
      const [tenant] = await tx
        .insert(bookingTenants)
        .values({
          name: 'Demo Salon',
          business_name: 'Demo Salon',
          subdomain: 'demo',
          mode: 'standalone',
          business_type: 'salon',
          email: 'hello@demo-salon.example',
          phone: '+1 212 555 0100',
          timezone: zone,
          currency: 'USD',
          locale: 'en',
          // The demo page's accent, so the widget and the floating button wear it too.
          primary_color: '#9d174d',
          plan_tier: 'professional',
          ...PLAN_LIMITS.professional,
          allowed_domains: DEMO_ORIGINS,
        })
        .returning({ id: bookingTenants.id });
      const tenantId = tenant!.id;

      const [owner] = await tx
        .insert(bookingUsers)
        .values({
          email: DEMO_OWNER.email,
          name: 'Demo Owner',
          password_hash: await hashPassword(DEMO_OWNER.password),
          email_verified_at: new Date(),
        })
        .onConflictDoNothing({ target: bookingUsers.email })
        .returning({ id: bookingUsers.id });
      if (owner) {
        await tx
          .insert(bookingTenantUsers)
          .values({ tenant_id: tenantId, user_id: owner.id, role: 'owner' });
      }

      const [location] = await tx
        .insert(bookingLocations)
        .values({
          tenant_id: tenantId,
          name: 'Main Street',
          address_line1: '123 Main Street',
          city: 'New York',
          state: 'NY',
          postal_code: '10001',
          country: 'US',
          timezone: zone,
          phone: '+1 212 555 0100',
          is_primary: true,
        })
        .returning({ id: bookingLocations.id });

      const [alex, sam] = await tx
        .insert(bookingStaff)
        .values([
          {
            tenant_id: tenantId,
            name: 'Alex Rivera',
            title: 'Senior Stylist',
            email: 'alex@demo-salon.example',
            bio: 'Cuts and color, twelve years behind the chair.',
            location_ids: [location!.id],
            display_order: 0,
          },
          {
            tenant_id: tenantId,
            name: 'Sam Chen',
            title: 'Stylist & Massage Therapist',
            email: 'sam@demo-salon.example',
            bio: 'Cuts, and deep tissue or relaxation massage.',
            location_ids: [location!.id],
            display_order: 1,
          },
        ])
        .returning({ id: bookingStaff.id });

      await tx.insert(bookingAvailabilityRules).values(
        [alex!, sam!].flatMap(({ id }) =>
          WORKING_DAYS.map((day) => ({
            tenant_id: tenantId,
            staff_id: id,
            rule_type: 'recurring',
            day_of_week: day,
            start_time: '09:00',
            end_time: '17:00',
            recurrence_pattern: 'weekly',
          })),
        ),
      );

      // Who does what matches the demo page: both do hair, only Sam (not Alex) massage.
      await tx.insert(bookingServices).values([
        {
          tenant_id: tenantId,
          slug: 'haircut',
          name: 'Haircut',
          description: 'Wash, cut and style.',
          category: 'hair',
          duration_minutes: 30,
          price_cents: 3500,
          currency: 'USD',
          display_order: 0,
        },
        {
          tenant_id: tenantId,
          slug: 'color',
          name: 'Color',
          description: 'Full color with toner.',
          category: 'hair',
          duration_minutes: 90,
          price_cents: 12000,
          currency: 'USD',
          display_order: 1,
        },
        {
          tenant_id: tenantId,
          slug: 'massage',
          name: 'Massage',
          description: 'Sixty minutes of relaxation or deep tissue.',
          category: 'massage',
          duration_minutes: 60,
          price_cents: 8000,
          currency: 'USD',
          buffer_time_after: 15,
          available_with_staff: [sam!.id],
          display_order: 2,
        },
      ]);
      if (options.history) {
        await seedDemoHistory(tx, {
          tenantId,
          zone,
          locationId: location!.id,
          workingDays: WORKING_DAYS,
          now: options.now ?? new Date(),
        });
      }
      return true;
    });
  } finally {
    await client.end();
  }
}

/** The demo owner's login when this database has it (seeded by this version or later). */
export async function demoOwnerLogin(url: string): Promise<typeof DEMO_OWNER | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = drizzle({ client });
    const rows = await db
      .select({ id: bookingTenantUsers.id })
      .from(bookingTenantUsers)
      .innerJoin(bookingUsers, eq(bookingUsers.id, bookingTenantUsers.user_id))
      .innerJoin(bookingTenants, eq(bookingTenants.id, bookingTenantUsers.tenant_id))
      .where(and(eq(bookingUsers.email, DEMO_OWNER.email), eq(bookingTenants.subdomain, 'demo')))
      .limit(1);
    return rows.length > 0 ? DEMO_OWNER : undefined;
  } finally {
    await client.end();
  }
}

if (import.meta.main) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  const seeded = await seedDemo(url, { history: true });
  console.log(seeded ? 'Seeded the demo business' : 'Database already has tenants; nothing seeded');
}
