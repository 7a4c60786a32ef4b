import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';

/**
 * Runs `burst`, a run of requests a test expects to reach a rate limit, inside one of
 * the limiter's windows. The Workers rate-limiting binding, as wrangler dev simulates it
 * (miniflare's `RateLimiterObject`), counts in windows aligned to the wall clock: every
 * key starts again at each whole period (a minute for `period = 60`). A burst that ran
 * across that instant saw its count reset and never reached the limit (a fairness test
 * failed so once in CI). So this starts the burst in a fresh window when less than
 * `needMs` of the current one is left, and fails, saying why, if the burst still ran
 * past it.
 */
export async function inOneRateWindow<T>(
  burst: () => Promise<T>,
  options: { periodS?: number; needMs?: number } = {},
): Promise<T> {
  const periodMs = (options.periodS ?? 60) * 1000;
  const needMs = options.needMs ?? 15_000;
  const left = periodMs - (Date.now() % periodMs);
  if (left < needMs) await sleep(left + 100);
  const window = Math.floor(Date.now() / periodMs);
  const result = await burst();
  expect(
    Math.floor(Date.now() / periodMs),
    `the burst ran past its rate-limit window (${needMs} ms were left when it started)`,
  ).toBe(window);
  return result;
}

/** A test that may wait for a fresh rate-limit window (`inOneRateWindow`) before its burst. */
export const RATE_WINDOW_TEST_TIMEOUT = 60_000;
