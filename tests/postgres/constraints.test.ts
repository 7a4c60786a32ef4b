import * as schema from '@booksprintz/api/db/schema';
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
  violation,
} from './setup.ts';

const {
  appointments,
  bookingAvailabilityRules,
  bookingCustomers,
  bookingOccupancies,
  bookingServices,
} = schema;

let testDb: TestDatabase;
let client: pg.Client;
let db: Db;
let tenantId: string;
let staffId: string;
let serviceId: string;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrate: true });
  client = await connect(testDb.url);
  db = database(client);
  tenantId = (await createTenant(db)).id;
  staffId = (await createStaff(db, tenantId)).id;
  serviceId = (await createService(db, tenantId)).id;
});

afterAll(async () => {
  await client?.end();
  await testDb?.drop();
});

const at = (time: string) => new Date(`2030-03-15T${time}:00Z`);

/** Valid rows; each case below breaks exactly one rule of one of them. */
const valid = {
  occupancy: (): typeof bookingOccupancies.$inferInsert => ({
    tenant_id: tenantId,
    staff_id: staffId,
    kind: 'appointment',
    status: 'confirmed',
    start_time: at('14:00'),
    end_time: at('14:30'),
    blocked_from: at('13:50'),
    blocked_until: at('14:45'),
  }),
  appointment: (): typeof appointments.$inferInsert => ({
    tenant_id: tenantId,
    service_id: serviceId,
    staff_id: staffId,
    start_time: at('14:00'),
    end_time: at('14:30'),
    duration_minutes: 30,
    customer_name: 'John Doe',
    customer_email: 'john@example.com',
    confirmation_code: 'K7M2Q9XD',
    total_price_cents: 3500,
    currency: 'USD',
  }),
  service: (): typeof bookingServices.$inferInsert => ({
    tenant_id: tenantId,
    slug: 'beard-trim',
    name: 'Beard trim',
    duration_minutes: 15,
    price_cents: 1500,
    currency: 'USD',
    booking_type: 'class',
    max_capacity: 6,
    deposit_percentage: 100,
  }),
  rule: (): typeof bookingAvailabilityRules.$inferInsert => ({
    tenant_id: tenantId,
    staff_id: staffId,
    rule_type: 'recurring',
    day_of_week: 6,
    start_time: '22:00',
    end_time: '02:00',
  }),
};
const tables = {
  occupancy: bookingOccupancies,
  appointment: appointments,
  service: bookingServices,
  rule: bookingAvailabilityRules,
} as const;
type Kind = keyof typeof valid;

function insert(kind: Kind, patch: Record<string, unknown> = {}) {
  return db.insert(tables[kind]).values({ ...valid[kind](), ...patch } as never);
}

describe('CHECK constraints', () => {
  it('accept the valid rows the cases start from', async () => {
    // Rolled back, so the cases below only ever meet their own CHECK, never a unique key.
    await client.query('BEGIN');
    try {
      for (const kind of Object.keys(valid) as Kind[]) await insert(kind);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it.each<[string, Kind, Record<string, unknown>, string]>([
    [
      'seats taken above capacity',
      'occupancy',
      { seats_taken: 3, capacity: 2 },
      'booking_occupancies_seats_check',
    ],
    ['negative seats taken', 'occupancy', { seats_taken: -1 }, 'booking_occupancies_seats_check'],
    [
      'zero capacity',
      'occupancy',
      { seats_taken: 0, capacity: 0 },
      'booking_occupancies_capacity_check',
    ],
    [
      'end equal to start',
      'occupancy',
      { end_time: at('14:00') },
      'booking_occupancies_range_check',
    ],
    ['end before start', 'occupancy', { end_time: at('13:55') }, 'booking_occupancies_range_check'],
    [
      'blocked range starting after the start',
      'occupancy',
      { blocked_from: at('14:05') },
      'booking_occupancies_range_check',
    ],
    [
      'blocked range ending before the end',
      'occupancy',
      { blocked_until: at('14:20') },
      'booking_occupancies_range_check',
    ],
    [
      'unknown occupancy status',
      'occupancy',
      { status: 'active' },
      'booking_occupancies_status_check',
    ],
    ['unknown occupancy kind', 'occupancy', { kind: 'meeting' }, 'booking_occupancies_kind_check'],
    [
      'an appointment in the held state',
      'occupancy',
      { status: 'held', expires_at: at('13:00') },
      'booking_occupancies_held_check',
    ],
    [
      'a hold that never expires',
      'occupancy',
      { kind: 'hold', status: 'held' },
      'booking_occupancies_hold_expiry_check',
    ],
    [
      'lower-case confirmation code',
      'appointment',
      { confirmation_code: 'k7m2q9xd' },
      'appointments_confirmation_code_check',
    ],
    [
      '7-character confirmation code',
      'appointment',
      { confirmation_code: 'K7M2Q9X' },
      'appointments_confirmation_code_check',
    ],
    [
      'confirmation code with punctuation',
      'appointment',
      { confirmation_code: 'K7M2-Q9X' },
      'appointments_confirmation_code_check',
    ],
    [
      'unknown appointment status',
      'appointment',
      { status: 'booked' },
      'appointments_status_check',
    ],
    [
      'appointment ending as it starts',
      'appointment',
      { end_time: at('14:00') },
      'appointments_time_range_check',
    ],
    [
      'deposit above the total',
      'appointment',
      { deposit_paid_cents: 3600 },
      'appointments_deposit_check',
    ],
    [
      'unknown payment status',
      'appointment',
      { payment_status: 'free' },
      'appointments_payment_status_check',
    ],
    [
      'unknown canceller',
      'appointment',
      { cancelled_by: 'robot' },
      'appointments_cancelled_by_check',
    ],
    ['lower-case currency', 'appointment', { currency: 'usd' }, 'appointments_currency_check'],
    [
      'unknown booking source',
      'appointment',
      { booking_source: 'fax' },
      'appointments_booking_source_check',
    ],
    ['zero duration', 'service', { duration_minutes: 0 }, 'booking_services_duration_check'],
    ['negative price', 'service', { price_cents: -1 }, 'booking_services_price_check'],
    ['zero capacity service', 'service', { max_capacity: 0 }, 'booking_services_capacity_check'],
    [
      'unknown booking type',
      'service',
      { booking_type: 'private' },
      'booking_services_booking_type_check',
    ],
    [
      'deposit over 100 %',
      'service',
      { deposit_percentage: 101 },
      'booking_services_deposit_percentage_check',
    ],
    [
      'slug with spaces and capitals',
      'service',
      { slug: 'Beard Trim' },
      'booking_services_slug_check',
    ],
    ['day of week 7', 'rule', { day_of_week: 7 }, 'booking_availability_rules_day_of_week_check'],
    ['hour 24', 'rule', { start_time: '24:00' }, 'booking_availability_rules_times_check'],
    [
      'time without leading zero',
      'rule',
      { end_time: '9:00' },
      'booking_availability_rules_times_check',
    ],
    ['start without end', 'rule', { end_time: null }, 'booking_availability_rules_time_pair_check'],
    [
      'recurring rule without a weekday',
      'rule',
      { day_of_week: null },
      'booking_availability_rules_recurring_check',
    ],
    [
      'override without a date',
      'rule',
      { rule_type: 'override' },
      'booking_availability_rules_dated_check',
    ],
    [
      'unknown rule type',
      'rule',
      { rule_type: 'weekly', specific_date: '2030-03-15' },
      'booking_availability_rules_rule_type_check',
    ],
    [
      'monthly recurrence',
      'rule',
      { recurrence_pattern: 'monthly' },
      'booking_availability_rules_recurrence_check',
    ],
    [
      'date range ending before it starts',
      'rule',
      { date_range_start: '2030-03-10', date_range_end: '2030-03-09' },
      'booking_availability_rules_date_range_check',
    ],
  ])('reject %s (23514)', async (_, kind, patch, constraint) => {
    expect(await violation(() => insert(kind, patch))).toEqual({ code: '23514', constraint });
  });
});

describe('uniqueness is per tenant', () => {
  it('service slugs and confirmation codes repeat across tenants but not within one', async () => {
    const other = await createTenant(db);
    const otherStaff = await createStaff(db, other.id);
    await insert('service', { slug: 'per-tenant' });
    const [otherService] = await db
      .insert(bookingServices)
      .values({ ...valid.service(), tenant_id: other.id, slug: 'per-tenant' })
      .returning();
    expect(await violation(() => insert('service', { slug: 'per-tenant' }))).toEqual({
      code: '23505',
      constraint: 'booking_services_tenant_slug_key',
    });

    await insert('appointment', { confirmation_code: 'ABCD2345' });
    await db.insert(appointments).values({
      ...valid.appointment(),
      tenant_id: other.id,
      service_id: otherService!.id,
      staff_id: otherStaff.id,
      confirmation_code: 'ABCD2345',
    });
    expect(await violation(() => insert('appointment', { confirmation_code: 'ABCD2345' }))).toEqual(
      {
        code: '23505',
        constraint: 'appointments_tenant_confirmation_code_key',
      },
    );
  });
});

describe('tenant isolation in foreign keys', () => {
  it('refuse rows that point at another tenant’s staff or service (23503)', async () => {
    const other = await createTenant(db);
    const foreignStaff = await createStaff(db, other.id);
    const foreignService = await createService(db, other.id);
    expect(await violation(() => insert('occupancy', { staff_id: foreignStaff.id }))).toEqual({
      code: '23503',
      constraint: 'booking_occupancies_staff_fk',
    });
    expect(await violation(() => insert('appointment', { service_id: foreignService.id }))).toEqual(
      {
        code: '23503',
        constraint: 'appointments_service_fk',
      },
    );
    expect(await violation(() => insert('rule', { staff_id: foreignStaff.id }))).toEqual({
      code: '23503',
      constraint: 'booking_availability_rules_staff_fk',
    });
  });

  it('deleting a tenant deletes every row it owns, in every table', async () => {
    const tenant = await createTenant(db);
    const staff = await createStaff(db, tenant.id);
    const service = await createService(db, tenant.id);
    const t = tenant.id;
    const [location] = await db
      .insert(schema.bookingLocations)
      .values({ tenant_id: t, name: 'Main', timezone: 'America/New_York', is_primary: true })
      .returning();
    const [customer] = await db
      .insert(bookingCustomers)
      .values({ tenant_id: t, email: 'c@example.com', name: 'C', preferred_staff_id: staff.id })
      .returning();
    const [occupancy] = await db
      .insert(bookingOccupancies)
      .values({ ...valid.occupancy(), tenant_id: t, staff_id: staff.id, service_id: service.id })
      .returning();
    const [appointment] = await db
      .insert(appointments)
      .values({
        ...valid.appointment(),
        tenant_id: t,
        service_id: service.id,
        staff_id: staff.id,
        location_id: location!.id,
        occupancy_id: occupancy!.id,
        customer_id: customer!.id,
      })
      .returning();
    const [webhook] = await db
      .insert(schema.bookingWebhooks)
      .values({ tenant_id: t, url: 'https://example.com/hook', secret_encrypted: 'x' })
      .returning();
    const [connection] = await db
      .insert(schema.bookingCalendarConnections)
      .values({ tenant_id: t, staff_id: staff.id, provider: 'feed', feed_token: `feed-${t}` })
      .returning();
    await db
      .insert(bookingAvailabilityRules)
      .values({ ...valid.rule(), tenant_id: t, staff_id: staff.id });
    await db.insert(schema.bookingNotifications).values({
      tenant_id: t,
      appointment_id: appointment!.id,
      idempotency_key: 'confirmation:email',
      type: 'confirmation',
      channel: 'email',
    });
    await db.insert(schema.bookingWebhookDeliveries).values({
      tenant_id: t,
      webhook_id: webhook!.id,
      appointment_id: appointment!.id,
      message_id: 'msg_1',
      event_type: 'appointment.created',
      payload: {},
    });
    await db.insert(schema.bookingExternalBusy).values({
      tenant_id: t,
      staff_id: staff.id,
      connection_id: connection!.id,
      starts_at: at('09:00'),
      ends_at: at('10:00'),
      source_uid: 'uid-1',
    });
    await db
      .insert(schema.bookingAnalyticsEvents)
      .values({ tenant_id: t, event_type: 'page_view' });
    await db
      .insert(schema.bookingEmbedWidgets)
      .values({ tenant_id: t, name: 'W', preselected_staff_id: staff.id });
    await db.insert(schema.idempotencyKeys).values({ tenant_id: t, key: 'k', request_hash: 'h' });
    await db.insert(schema.bookingApiKeys).values({
      tenant_id: t,
      name: 'k',
      role: 'staff',
      staff_id: staff.id,
      key_hash: `hash-${t}`,
      key_prefix: 'bsk_x',
    });
    const [user] = await db
      .insert(schema.bookingUsers)
      .values({ email: `o-${t}@example.com`, password_hash: 'x' })
      .returning();
    await db.insert(schema.bookingTenantUsers).values({ tenant_id: t, user_id: user!.id });
    await db.insert(schema.bookingAccountTokens).values({
      kind: 'invitation',
      token_hash: `token-${t}`,
      target_tenant_id: t,
      email: 'new@example.com',
      role: 'staff',
      staff_id: staff.id,
      expires_at: new Date(Date.now() + 60_000),
    });
    await db.insert(schema.bookingPaymentSettings).values({ tenant_id: t });
    await db
      .insert(schema.bookingStripeEvents)
      .values({ tenant_id: t, event_id: 'evt_1', type: 'x' });

    const tenantTables = (
      await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns
          WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1`,
      )
    ).rows.map((row) => row.table_name);
    const ownedRows = async () => {
      const counts: Record<string, number> = {};
      for (const table of tenantTables) {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`,
          [t],
        );
        counts[table] = rows[0].n;
      }
      return counts;
    };
    // Every tenant-owned table got a row above, so the check below covers all of them.
    expect(Object.values(await ownedRows()).every((n) => n > 0)).toBe(true);

    await db.delete(schema.bookingTenants).where(eq(schema.bookingTenants.id, t));
    expect(Object.values(await ownedRows()).every((n) => n === 0)).toBe(true);
  });
});
