import type pg from 'pg';
import { expect } from 'vitest';
import { createVia, openEveryDay, type TenantRef } from './admin.ts';
import { type ApiClient, type ApiResponse, apiClient, createTenant } from './api.ts';
import { upcomingDate } from './dates.ts';
import { connectDb } from './db.ts';
import { deliverStripeEvent, type FakeStripe, startFakeStripe } from './fake-stripe.ts';
import { startTestStack, type TestStack } from './stack.ts';

/** The payment suites' businesses live in New York and open every day 09:00–17:00. */
export const ZONE = 'America/New_York';

/** A date `n` days ahead in the business's zone. */
export const dayAhead = (n: number) => upcomingDate(ZONE, n, [0, 1, 2, 3, 4, 5, 6]);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The platform's Connect keys the suites give the Worker. */
export const PLATFORM = {
  STRIPE_CONNECT_SECRET_KEY: 'sk_test_platformSECRET00000000',
  STRIPE_CONNECT_PUBLISHABLE_KEY: 'pk_test_platformPUBLIC0000000',
};

/** Two businesses' own Stripe keys (test mode). */
export const SALON_KEYS = {
  secret_key: 'sk_test_salonSECRET0000000000001234',
  publishable_key: 'pk_test_salonPUBLIC000000000000',
  webhook_secret: 'whsec_salonWebhookSecret000000000',
};
export const OTHER_KEYS = {
  secret_key: 'sk_test_otherSECRET000000000005678',
  publishable_key: 'pk_test_otherPUBLIC00000000000',
  webhook_secret: 'whsec_otherWebhookSecret00000000',
};

/** Services the suites book: 120.00 with 20 % down, and 33.33 (a deposit that rounds). */
export const COLOR = {
  slug: 'color',
  name: 'Color',
  duration_minutes: 90,
  price_cents: 12000,
  deposit_required: true,
  deposit_percentage: 20,
};
export const QUICK = {
  slug: 'quick',
  name: 'Quick fix',
  duration_minutes: 30,
  price_cents: 3333,
  deposit_required: true,
  deposit_percentage: 20,
};

export interface Business {
  tenant: TenantRef;
  staff: Array<{ id: string }>;
  webhookSecret: string;
}
export interface Slot {
  start_time: string;
  staff_id: string;
}
export interface Payment {
  provider: string;
  client_secret: string;
  amount_cents: number;
  currency: string;
  publishable_key: string;
  stripe_account_id: string | null;
  expires_at: string;
}
export interface Booking {
  appointment: Record<string, unknown> & { id: string; status: string; staff_id: string };
  manage_token: string;
  payment: Payment | null;
}

/** The PaymentIntent id a client secret belongs to (`pi_…_secret_…`). */
export const intentOf = (payment: Payment) => payment.client_secret.split('_secret_')[0]!;

/**
 * The real stack with the Stripe SDK pointed at a local fake, and the steps the payment
 * suites repeat: open a business, book, look behind the API, fire the lock's alarm,
 * deliver signed webhook events.
 */
export interface PaymentStack {
  stack: TestStack;
  api: ApiClient;
  db: pg.Client;
  fake: FakeStripe;
  open(
    settings: Record<string, unknown>,
    services: Array<Record<string, unknown>>,
  ): Promise<Business>;
  slots(business: Business, service: string, date: string, staffId?: string): Promise<Slot[]>;
  book(business: Business, service: string, slot: Slot): Promise<ApiResponse<Booking>>;
  /** The email of the customer of the last `book`. */
  lastCustomerEmail(): string;
  bookDeposit(
    business: Business,
    service: string,
    date: string,
  ): Promise<{ booking: Booking; slot: Slot; intentId: string }>;
  /** The appointment row with its occupancy's status and expiry. */
  row(appointmentId: string): Promise<Record<string, unknown>>;
  fireAlarm(business: Business, staffId: string): Promise<void>;
  /** Makes the booking's deposit deadline pass, as if its hold time ran out. */
  makeDue(appointmentId: string): Promise<void>;
  /** A fingerprint of every row a payment can touch. */
  paymentState(): Promise<string[]>;
  deliver(
    business: Business,
    event: { payload: string },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startPaymentStack(vars: Record<string, string> = {}): Promise<PaymentStack> {
  const fake = await startFakeStripe();
  const stack = await startTestStack({ vars: { STRIPE_API_BASE: fake.url, ...PLATFORM, ...vars } });
  const api = apiClient(stack.url);
  const db = await connectDb(stack.databaseUrl);
  let customers = 0;

  const self: PaymentStack = {
    stack,
    api,
    db,
    fake,
    async open(settings, services) {
      const tenant = await createTenant(api, { plan_tier: 'enterprise', timezone: ZONE });
      await openEveryDay(api, tenant);
      const staff = [];
      for (const name of ['Alex', 'Sam']) {
        staff.push(await createVia(api, tenant, 'staff', { name, min_advance_booking_hours: 0 }));
      }
      const saved = await api.put(`/tenants/${tenant.id}/payment-settings`, settings, tenant.key);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      for (const service of services) await createVia(api, tenant, 'services', service);
      return { tenant, staff, webhookSecret: String(settings.webhook_secret) };
    },
    async slots(business, service, date, staffId) {
      const response = await api.get<{ days: Array<{ slots: Slot[] }> }>(
        `/${business.tenant.slug}/availability?service_id=${service}&date=${date}${staffId ? `&staff_id=${staffId}` : ''}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.days.flatMap((day) => day.slots);
    },
    book(business, service, slot) {
      customers++;
      return api.post<Booking>(`/${business.tenant.slug}/appointments`, {
        service_id: service,
        staff_id: slot.staff_id,
        start_time: slot.start_time,
        customer: { name: `Customer ${customers}`, email: self.lastCustomerEmail() },
      });
    },
    lastCustomerEmail: () => `customer${customers}@example.com`,
    async bookDeposit(business, service, date) {
      const [slot] = await self.slots(business, service, date);
      expect(slot, `no ${service} slot on ${date}`).toBeDefined();
      const booked = await self.book(business, service, slot!);
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      expect(booked.body.payment).not.toBeNull();
      return { booking: booked.body, slot: slot!, intentId: intentOf(booked.body.payment!) };
    },
    async row(appointmentId) {
      const result = await db.query(
        `SELECT a.*, o.status AS occupancy_status, o.expires_at AS occupancy_expires_at
           FROM appointments a LEFT JOIN booking_occupancies o ON o.id = a.occupancy_id
          WHERE a.id = $1`,
        [appointmentId],
      );
      return result.rows[0] as Record<string, unknown>;
    },
    async fireAlarm(business, staffId) {
      const fired = await fetch(
        `${stack.url}/api/booking/v1/dev/slot-lock/${business.tenant.id}/${staffId}/alarm`,
        { method: 'POST' },
      );
      expect(fired.status).toBe(204);
    },
    async makeDue(appointmentId) {
      await db.query(
        `UPDATE booking_occupancies SET expires_at = now() - interval '1 second'
          WHERE id = (SELECT occupancy_id FROM appointments WHERE id = $1)`,
        [appointmentId],
      );
    },
    async paymentState() {
      // Not the whole database: the outbox is worked through in the background after
      // each booking, and has nothing to do with payments.
      const tables = [
        'appointments',
        'booking_occupancies',
        'booking_stripe_events',
        'booking_payment_settings',
        'booking_tenants',
        'booking_services',
      ];
      const hashes = [];
      for (const table of tables) {
        const result = await db.query(
          `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS hash FROM ${table} t`,
        );
        hashes.push(`${table}:${result.rows[0].n}:${result.rows[0].hash}`);
      }
      return hashes;
    },
    deliver: (business, event) =>
      deliverStripeEvent(stack.url, business.tenant.id, event, business.webhookSecret),
    async close() {
      await db.end();
      await stack.destroy();
      await fake.close();
    },
  };
  return self;
}
