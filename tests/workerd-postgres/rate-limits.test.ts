import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, expectProblem, newTenantBody } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { inOneRateWindow, RATE_WINDOW_TEST_TIMEOUT } from '../support/rate-window.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/** The limits a real deployment runs with (DESIGN §8), switched on here. */
let stack: TestStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'on' } });
  api = apiClient(stack.url);
});

afterAll(async () => {
  await stack?.destroy();
});

describe('rate limits', () => {
  it(
    'lets one address sign up 5 businesses a minute, then answers 429 with Retry-After',
    async () => {
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<ApiClient['post']>> | undefined;
      await inOneRateWindow(async () => {
        for (let i = 0; i < 7; i++) {
          const body = { ...newTenantBody(), password: 'correct horse battery' } as Record<
            string,
            unknown
          >;
          delete body.mode;
          delete body.plan_tier;
          const response = await api.post('/signup', body);
          statuses.push(response.status);
          if (response.status === 429) limited = response;
        }
      });
      expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      expectProblem(limited!, 429, 'rate_limited');
      expect(limited!.headers.get('retry-after')).toBe('60');
    },
    RATE_WINDOW_TEST_TIMEOUT,
  );

  it(
    'caps public writes per address: 30 a minute',
    async () => {
      const statuses: number[] = [];
      await inOneRateWindow(async () => {
        for (let i = 0; i < 32; i++) {
          statuses.push((await api.delete(`/demo/holds/${crypto.randomUUID()}`)).status);
        }
      });
      expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    },
    RATE_WINDOW_TEST_TIMEOUT,
  );

  it('lets one customer hold at most 4 slots at once (a family of four)', async () => {
    // A fresh address for the write limiter (the one above is spent).
    const headers = { 'cf-connecting-ip': '203.0.113.7', 'content-type': 'application/json' };
    const date = upcomingDate('America/New_York', 8);
    const availability = await fetch(
      `${stack.url}/api/booking/v1/demo/availability?service_id=haircut&date=${date}`,
    );
    const { days } = (await availability.json()) as {
      days: Array<{ slots: Array<{ start_time: string; staff_id: string }> }>;
    };
    const slots = days.flatMap((day) => day.slots);
    const statuses: number[] = [];
    for (const slot of slots.slice(0, 5)) {
      const response = await fetch(`${stack.url}/api/booking/v1/demo/holds`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          service_id: 'haircut',
          staff_id: slot.staff_id,
          start_time: slot.start_time,
          customer_email: 'greedy@example.com',
        }),
      });
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get('retry-after')).toBe('60');
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
  });
});
