import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextRetryAt } from './retry-schedule.ts';

const now = new Date('2027-06-01T12:00:00Z');
const secondsUntil = (date: Date | null) => (date ? (date.getTime() - now.getTime()) / 1000 : null);

describe('webhook retry schedule', () => {
  it.each([
    [1, 5],
    [2, 300],
    [3, 1800],
    [4, 7200],
    [5, 18_000],
    [6, 36_000],
    [7, 36_000],
  ])('waits the spec delay after attempt %i (%i s) without jitter', (attempt, seconds) => {
    expect(secondsUntil(nextRetryAt(attempt, now, null, () => 0))).toBe(seconds);
  });

  it('stops after the eighth attempt', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(nextRetryAt(8, now, null, () => 0)).toBeNull();
  });

  it('adds at most 10 % jitter and never retries early', () => {
    expect(secondsUntil(nextRetryAt(2, now, null, () => 0.999_999))).toBeCloseTo(330, 0);
    for (let i = 0; i < 100; i++) {
      const wait = secondsUntil(nextRetryAt(3, now, null)) ?? 0;
      expect(wait).toBeGreaterThanOrEqual(1800);
      expect(wait).toBeLessThanOrEqual(1980);
    }
  });

  it('honours a longer Retry-After, caps it at a day, and ignores a shorter one', () => {
    expect(secondsUntil(nextRetryAt(1, now, 3_600_000, () => 0))).toBe(3600);
    expect(secondsUntil(nextRetryAt(1, now, 7 * 86_400_000, () => 0))).toBe(86_400);
    expect(secondsUntil(nextRetryAt(4, now, 1000, () => 0))).toBe(7200);
  });
});
