import {
  bookingAvailabilityRules,
  bookingAvailabilityVersions,
  bookingExternalBusy,
  bookingLocations,
  bookingOccupancies,
  bookingServices,
  bookingStaff,
  bookingTenants,
} from '@booksprintz/api/db/schema';
import { TenantDb } from '@booksprintz/api/db/tenant-db';
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createService,
  createStaff,
  createTenant,
  createTestDatabase,
  type Db,
  database,
  type TestDatabase,
} from './setup.ts';

let testDb: TestDatabase;
let clients: pg.Client[];
let db: Db;
let tenantId: string;
let otherTenantId: string;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrate: true });
  clients = [await connect(testDb.url), await connect(testDb.url), await connect(testDb.url)];
  db = database(clients[0]!);
  tenantId = (await createTenant(db)).id;
  otherTenantId = (await createTenant(db)).id;
});

afterAll(async () => {
  await Promise.all((clients ?? []).map((client) => client.end()));
  await testDb?.drop();
});

/** What the availability cache compares: the tenant's version token, read like the API does. */
const version = (id = tenantId, on: Db = db) =>
  new TenantDb(on as unknown as ConstructorParameters<typeof TenantDb>[0], id)
    .availabilityVersion()
    .then(BigInt);

async function bumps(change: () => Promise<unknown>): Promise<boolean> {
  const before = await version();
  const others = await version(otherTenantId);
  await change();
  expect(await version(otherTenantId), 'another tenant is untouched').toBe(others);
  return (await version()) > before;
}

const at = (time: string) => new Date(`2030-03-15T${time}:00Z`);

/** A confirmed appointment's occupancy of `staffId` from `start` to `end` (no buffers). */
const occupancy = (
  staffId: string,
  start: string,
  end: string,
  overrides: Partial<typeof bookingOccupancies.$inferInsert> = {},
) => ({
  tenant_id: tenantId,
  staff_id: staffId,
  kind: 'appointment',
  status: 'confirmed',
  start_time: at(start),
  end_time: at(end),
  blocked_from: at(start),
  blocked_until: at(end),
  ...overrides,
});
/** The same as a hold, which must expire. */
const hold = (staffId: string, start: string, end: string) =>
  occupancy(staffId, start, end, { kind: 'hold', status: 'held', expires_at: at(end) });

describe('availability versions (migration 0005 triggers)', () => {
  it('go up with every write to what availability is computed from', async () => {
    const staff = await createStaff(db, tenantId);
    const service = await createService(db, tenantId);
    let holdId = '';
    expect(
      await bumps(async () => {
        const [row] = await db
          .insert(bookingOccupancies)
          .values(hold(staff.id, '10:00', '10:30'))
          .returning({ id: bookingOccupancies.id });
        holdId = row!.id;
      }),
    ).toBe(true);
    expect(
      await bumps(() =>
        db
          .update(bookingOccupancies)
          .set({ status: 'released' })
          .where(eq(bookingOccupancies.id, holdId)),
      ),
    ).toBe(true);
    expect(
      await bumps(() => db.delete(bookingOccupancies).where(eq(bookingOccupancies.id, holdId))),
    ).toBe(true);
    expect(
      await bumps(() =>
        db.insert(bookingExternalBusy).values({
          tenant_id: tenantId,
          staff_id: staff.id,
          starts_at: at('12:00'),
          ends_at: at('13:00'),
          source_uid: 'event-1',
        }),
      ),
    ).toBe(true);
    expect(
      await bumps(() =>
        db.insert(bookingAvailabilityRules).values({
          tenant_id: tenantId,
          staff_id: staff.id,
          rule_type: 'recurring',
          day_of_week: 1,
          start_time: '09:00',
          end_time: '17:00',
        }),
      ),
    ).toBe(true);
    expect(
      await bumps(() =>
        db.update(bookingStaff).set({ buffer_time_after: 10 }).where(eq(bookingStaff.id, staff.id)),
      ),
    ).toBe(true);
    expect(
      await bumps(() =>
        db
          .update(bookingServices)
          .set({ duration_minutes: 45 })
          .where(eq(bookingServices.id, service.id)),
      ),
    ).toBe(true);
    expect(
      await bumps(() =>
        db.insert(bookingLocations).values({
          tenant_id: tenantId,
          name: 'Annex',
          timezone: 'Europe/Paris',
        }),
      ),
    ).toBe(true);
    expect(
      await bumps(() =>
        db
          .update(bookingTenants)
          .set({ timezone: 'Europe/Paris' })
          .where(eq(bookingTenants.id, tenantId)),
      ),
    ).toBe(true);
  });

  it('do not move for a rolled-back change', async () => {
    const staff = await createStaff(db, tenantId);
    const before = await version();
    await expect(
      db.transaction(async (tx) => {
        await tx.update(bookingStaff).set({ name: 'Renamed' }).where(eq(bookingStaff.id, staff.id));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await version()).toBe(before);
  });

  it('catch a change that commits after a later one (why a sum, not a maximum)', async () => {
    const [first, second] = [await createStaff(db, tenantId), await createStaff(db, tenantId)];
    const [a, b] = [clients[1]!, clients[2]!];
    const occupy = (client: pg.Client, staffId: string) =>
      database(client)
        .insert(bookingOccupancies)
        .values(occupancy(staffId, '20:00', '23:00'));
    await a.query('BEGIN');
    await occupy(a, first.id); // bumps `first`, not yet committed
    await b.query('BEGIN');
    await occupy(b, second.id); // bumps `second`
    await b.query('COMMIT');
    const seen = await version();
    await a.query('COMMIT');
    expect(await version()).toBeGreaterThan(seen);
  });

  it('let bookings of different staff proceed side by side', async () => {
    const [first, second] = [await createStaff(db, tenantId), await createStaff(db, tenantId)];
    const [a, b] = [clients[1]!, clients[2]!];
    const place = (client: pg.Client, staffId: string) =>
      database(client)
        .insert(bookingOccupancies)
        .values(hold(staffId, '08:00', '08:30'));
    await a.query('BEGIN');
    await place(a, first.id);
    await b.query('BEGIN');
    // Would wait for `a` if both bumped one tenant-wide row; 2 s is far beyond an insert.
    await b.query("SET LOCAL lock_timeout = '2s'");
    await place(b, second.id);
    await b.query('COMMIT');
    await a.query('COMMIT');
  });

  it('go away with their tenant, whose deletion the triggers do not get in the way of', async () => {
    const doomed = await createTenant(db);
    const staff = await createStaff(db, doomed.id);
    await createService(db, doomed.id);
    await db
      .insert(bookingOccupancies)
      .values(occupancy(staff.id, '09:00', '09:30', { tenant_id: doomed.id }));
    expect(await version(doomed.id)).toBeGreaterThan(0n);
    await db.delete(bookingTenants).where(eq(bookingTenants.id, doomed.id));
    const left = await db
      .select()
      .from(bookingAvailabilityVersions)
      .where(eq(bookingAvailabilityVersions.tenant_id, doomed.id));
    expect(left).toEqual([]);
  });
});
