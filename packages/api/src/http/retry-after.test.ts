import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';

const now = new Date('2027-06-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Tue, 01 Jun 2027 12:10:00 GMT', 600_000],
    ['Tue, 01 Jun 2027 11:00:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('parses Retry-After %s', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
