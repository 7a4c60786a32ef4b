import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant } from './instant-text.ts';

/** What the API has always sent: `toISOString` without the milliseconds. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('formatInstant', () => {
  it('writes RFC 3339 UTC with whole seconds, as toISOString does', () => {
    const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(
        fc.oneof(
          instant.map((ms) => Math.floor(ms / 60_000) * 60_000),
          instant.map((ms) => Math.floor(ms / 1000) * 1000),
          instant,
        ),
        fc.integer({ min: 0, max: 86_400_000 }),
        (ms, later) => {
          // Two calls, so that the kept date part is both reused and replaced.
          expect(formatInstant(ms)).toBe(iso(Math.floor(ms / 1000) * 1000));
          expect(formatInstant(ms + later)).toBe(iso(Math.floor((ms + later) / 1000) * 1000));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes midnight, the last minute of a day and instants before 1970', () => {
    expect(formatInstant(Date.UTC(2027, 2, 14))).toBe('2027-03-14T00:00:00Z');
    expect(formatInstant(Date.UTC(2027, 2, 14, 23, 59))).toBe('2027-03-14T23:59:00Z');
    expect(formatInstant(Date.UTC(1969, 11, 31, 23, 59, 30))).toBe('1969-12-31T23:59:30Z');
    expect(formatInstant(Date.UTC(1971, 5, 1, 9, 44, 30))).toBe('1971-06-01T09:44:30Z');
  });
});
