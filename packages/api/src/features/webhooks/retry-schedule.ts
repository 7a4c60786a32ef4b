/**
 * The Standard Webhooks retry schedule: the first attempt at once, then after 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h — eight attempts over about 27.6 hours.
 * `RETRY_DELAYS_MS[n - 1]` is the wait after the n-th failed attempt.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Jitter stretches a wait by up to this fraction, never shortens it: endpoints that
 * came back up are not hit by every sender in the same second. */
export const JITTER = 0.1;

/** The longest a `Retry-After` may push a retry out: a receiver cannot park us forever. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * When to try again after failed attempt number `attempt` (1-based), or null when that
 * was the last one. A `Retry-After` longer than the scheduled wait wins; a shorter one
 * does not bring the retry forward.
 *
 * @example
 * nextRetryAt(1, new Date('2027-01-01T00:00:00Z'), null, () => 0) // 00:00:05Z
 */
export function nextRetryAt(
  attempt: number,
  now: Date,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): Date | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  const scheduled = Math.round(base * (1 + JITTER * random()));
  const wait = Math.max(scheduled, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  return new Date(now.getTime() + wait);
}
