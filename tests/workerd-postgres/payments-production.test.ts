import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, openEveryDay } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { type FakeStripe, startFakeStripe } from '../support/fake-stripe.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * The Worker as deployed (ENVIRONMENT=production): `STRIPE_API_BASE` is not honoured,
 * so a stray setting cannot send card payments anywhere but Stripe. Nothing here
 * reaches the internet: the machine has none, so "Stripe" is unreachable and the
 * booking is undone with a 503 — and the fake hears nothing.
 */
let stack: TestStack;
let api: ApiClient;
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  stack = await startTestStack({
    vars: { ENVIRONMENT: 'production', STRIPE_API_BASE: fake.url, OUTBOUND_TIMEOUT_MS: '1500' },
  });
  api = apiClient(stack.url);
}, 90_000);

afterAll(async () => {
  await stack?.destroy();
  await fake?.close();
});

describe('Stripe outside development', () => {
  it('ignores STRIPE_API_BASE: the fake is never called, and the booking is undone', async () => {
    const tenant = await createTenant(api, { timezone: 'America/New_York' });
    await openEveryDay(api, tenant);
    const staff = await createVia(api, tenant, 'staff', { name: 'Alex' });
    const settings = await api.put(
      `/tenants/${tenant.id}/payment-settings`,
      {
        secret_key: 'sk_test_productionCheck00000000',
        publishable_key: 'pk_test_productionCheck0000000',
        webhook_secret: 'whsec_productionCheck000000000',
      },
      tenant.key,
    );
    expect(settings.status).toBe(200);
    await createVia(api, tenant, 'services', {
      slug: 'color',
      name: 'Color',
      duration_minutes: 60,
      price_cents: 10000,
      deposit_required: true,
      deposit_amount_cents: 2500,
    });
    const date = upcomingDate('America/New_York', 7, [0, 1, 2, 3, 4, 5, 6]);
    const available = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
      `/${tenant.slug}/availability?service_id=color&staff_id=${staff.id}&date=${date}`,
    );
    const start = available.body.days[0]!.slots[0]!.start_time;
    const booked = await api.post(`/${tenant.slug}/appointments`, {
      service_id: 'color',
      staff_id: staff.id,
      start_time: start,
      customer: { name: 'Prod Check', email: 'prod-check@example.com' },
    });
    expectProblem(booked, 503, 'service_unavailable');
    expect(fake.requests).toHaveLength(0);
    const again = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
      `/${tenant.slug}/availability?service_id=color&staff_id=${staff.id}&date=${date}`,
    );
    expect(again.body.days[0]!.slots.map((slot) => slot.start_time)).toContain(start);
  }, 60_000);
});
