import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containsRange,
  firstEndingAfter,
  type Interval,
  intersect,
  normalize,
  overlapsAny,
  subtract,
  union,
} from './interval.ts';

const list = (...pairs: [number, number][]): Interval[] =>
  pairs.map(([start, end]) => ({ start, end }));

describe('normalize', () => {
  it.each([
    { name: 'empty', input: list(), expected: list() },
    { name: 'drops empty and inverted', input: list([5, 5], [7, 3]), expected: list() },
    { name: 'sorts', input: list([10, 12], [1, 2]), expected: list([1, 2], [10, 12]) },
    { name: 'merges overlap', input: list([1, 5], [3, 8]), expected: list([1, 8]) },
    { name: 'merges touching', input: list([9, 12], [12, 17]), expected: list([9, 17]) },
    { name: 'swallows contained', input: list([1, 10], [2, 3], [4, 5]), expected: list([1, 10]) },
    { name: 'keeps gaps', input: list([1, 2], [3, 4]), expected: list([1, 2], [3, 4]) },
  ])('$name', ({ input, expected }) => {
    expect(normalize(input)).toEqual(expected);
  });

  it('does not mutate its input', () => {
    const input = list([3, 8], [1, 5]);
    normalize(input);
    expect(input).toEqual(list([3, 8], [1, 5]));
  });
});

describe('subtract', () => {
  it.each([
    { name: 'nothing to remove', a: list([1, 10]), b: list(), expected: list([1, 10]) },
    {
      name: 'hole in the middle',
      a: list([9, 17]),
      b: list([12, 13]),
      expected: list([9, 12], [13, 17]),
    },
    { name: 'cuts the start', a: list([9, 17]), b: list([8, 10]), expected: list([10, 17]) },
    { name: 'cuts the end', a: list([9, 17]), b: list([16, 20]), expected: list([9, 16]) },
    { name: 'removes all', a: list([9, 17]), b: list([9, 17]), expected: list() },
    {
      name: 'touching is not removal',
      a: list([9, 12]),
      b: list([12, 13]),
      expected: list([9, 12]),
    },
    {
      name: 'one hole across two intervals',
      a: list([1, 4], [6, 9]),
      b: list([3, 7]),
      expected: list([1, 3], [7, 9]),
    },
    {
      name: 'several holes',
      a: list([0, 20]),
      b: list([1, 2], [5, 6], [19, 25]),
      expected: list([0, 1], [2, 5], [6, 19]),
    },
  ])('$name', ({ a, b, expected }) => {
    expect(subtract(a, b)).toEqual(expected);
  });
});

describe('intersect', () => {
  it.each([
    { name: 'disjoint', a: list([1, 2]), b: list([3, 4]), expected: list() },
    { name: 'touching', a: list([1, 3]), b: list([3, 4]), expected: list() },
    { name: 'overlap', a: list([9, 17]), b: list([10, 18]), expected: list([10, 17]) },
    {
      name: 'one interval across several',
      a: list([0, 10]),
      b: list([1, 2], [4, 5], [9, 12]),
      expected: list([1, 2], [4, 5], [9, 10]),
    },
  ])('$name', ({ a, b, expected }) => {
    expect(intersect(a, b)).toEqual(expected);
  });
});

describe('lookups', () => {
  const windows = list([9, 12], [13, 17]);
  it.each([
    { start: 9, end: 12, inside: true, overlaps: true },
    { start: 11, end: 13, inside: false, overlaps: true },
    { start: 12, end: 13, inside: false, overlaps: false },
    { start: 13, end: 14, inside: true, overlaps: true },
    { start: 16, end: 18, inside: false, overlaps: true },
    { start: 17, end: 18, inside: false, overlaps: false },
    { start: 5, end: 9, inside: false, overlaps: false },
  ])('[$start, $end) inside=$inside overlaps=$overlaps', ({ start, end, inside, overlaps }) => {
    expect(containsRange(windows, start, end)).toBe(inside);
    expect(overlapsAny(windows, start, end)).toBe(overlaps);
  });

  it('finds the first interval ending after a point', () => {
    expect(firstEndingAfter(windows, 8)).toBe(0);
    expect(firstEndingAfter(windows, 12)).toBe(1);
    expect(firstEndingAfter(windows, 17)).toBe(2);
  });
});

// Model: an interval list over a small integer line is the set of unit cells it covers.
const arbitraryList = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }))
    .map(([start, length]) => ({
      start,
      end: start + length,
    })),
  { maxLength: 8 },
);
const cells = (intervals: readonly Interval[]): Set<number> => {
  const set = new Set<number>();
  for (const { start, end } of intervals) for (let t = start; t < end; t++) set.add(t);
  return set;
};
const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
const isNormalized = (intervals: readonly Interval[]): boolean =>
  intervals.every((i, k) => i.start < i.end && (k === 0 || intervals[k - 1]!.end < i.start));

describe('interval algebra matches a set model', () => {
  it('normalize keeps the covered set and is normalized', () => {
    fc.assert(
      fc.property(arbitraryList, (a) => {
        const n = normalize(a);
        expect(isNormalized(n)).toBe(true);
        expect(sorted(cells(n))).toEqual(sorted(cells(a)));
      }),
    );
  });

  it('union, subtract and intersect', () => {
    fc.assert(
      fc.property(arbitraryList, arbitraryList, (rawA, rawB) => {
        const a = normalize(rawA);
        const b = normalize(rawB);
        const setA = cells(a);
        const setB = cells(b);
        const u = union(a, b);
        const s = subtract(a, b);
        const i = intersect(a, b);
        for (const result of [u, s, i]) expect(isNormalized(result)).toBe(true);
        expect(sorted(cells(u))).toEqual(sorted(new Set([...setA, ...setB])));
        expect(sorted(cells(s))).toEqual(sorted(setA).filter((t) => !setB.has(t)));
        expect(sorted(cells(i))).toEqual(sorted(setA).filter((t) => setB.has(t)));
      }),
    );
  });

  it('overlapsAny and containsRange', () => {
    fc.assert(
      fc.property(
        arbitraryList,
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        (raw, start, length) => {
          const a = normalize(raw);
          const covered = cells(a);
          const range = Array.from({ length }, (_, k) => start + k);
          expect(overlapsAny(a, start, start + length)).toBe(range.some((t) => covered.has(t)));
          // Normalized intervals never touch, so "all cells covered" means "inside one".
          expect(containsRange(a, start, start + length)).toBe(range.every((t) => covered.has(t)));
        },
      ),
    );
  });
});
