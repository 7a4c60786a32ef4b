/**
 * Half-open instant intervals `[start, end)` in epoch milliseconds, and the few set
 * operations the availability engine needs. Numbers rather than `Date`s because the
 * engine does tens of thousands of comparisons per request.
 *
 * A "normalized" list is sorted by start, holds no empty interval, and no two of its
 * intervals overlap or touch (`[9, 12)` and `[12, 17)` become `[9, 17)`): the shape
 * every function here returns and, where it says so, expects.
 */
export interface Interval {
  start: number;
  end: number;
}

/** Sorts, drops empty intervals and merges overlapping or touching ones. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  return normalizeSorted(sortByStart(intervals.filter((i) => i.end > i.start)));
}

/** Below this many items an insertion sort beats `Array#sort`'s comparator calls. */
const SMALL_SORT = 64;

/**
 * Sorts intervals by start in place, stably (as `Array#sort`): an insertion sort for the
 * few a staff member has in a month, where calling a comparator per pair cost more than
 * the rest of the per-person set-up.
 */
export function sortByStart<T extends Interval>(intervals: T[]): T[] {
  if (intervals.length > SMALL_SORT) return intervals.sort((a, b) => a.start - b.start);
  for (let i = 1; i < intervals.length; i++) {
    const item = intervals[i]!;
    let j = i - 1;
    while (j >= 0 && intervals[j]!.start > item.start) {
      intervals[j + 1] = intervals[j]!;
      j--;
    }
    intervals[j + 1] = item;
  }
  return intervals;
}

/** Sorts numbers ascending in place, as `sortByStart` does intervals. */
export function sortNumbers(values: number[]): number[] {
  if (values.length > SMALL_SORT) return values.sort((a, b) => a - b);
  for (let i = 1; i < values.length; i++) {
    const item = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > item) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = item;
  }
  return values;
}

/** `normalize` for intervals already sorted by start: drops empty ones and merges. */
export function normalizeSorted(sorted: readonly Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const next of sorted) {
    if (!(next.end > next.start)) continue;
    const last = merged[merged.length - 1];
    if (last !== undefined && next.start <= last.end) {
      if (next.end > last.end) last.end = next.end;
    } else {
      merged.push({ start: next.start, end: next.end });
    }
  }
  return merged;
}

/** `a ∪ b`, normalized. Inputs need not be normalized. */
export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return normalize([...a, ...b]);
}

/** `a ∖ b` for normalized `a` and `b`, normalized. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let j = 0;
  for (const interval of a) {
    let cursor = interval.start;
    // Holes that end before this interval can never matter again: both lists are sorted.
    while (j < b.length && b[j]!.end <= cursor) j++;
    let k = j;
    while (k < b.length && b[k]!.start < interval.end) {
      const hole = b[k]!;
      if (hole.start > cursor) result.push({ start: cursor, end: hole.start });
      if (hole.end > cursor) cursor = hole.end;
      k++;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/** `a ∩ b` for normalized `a` and `b`, normalized. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) result.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  // Pieces from one interval of `a` cut by touching intervals of `b` cannot occur
  // (b is normalized), so the result is already normalized.
  return result;
}

/**
 * Index of the first interval of normalized `list` whose end is after `t` (the only
 * one that can contain `t` or start after it), or `list.length`.
 */
export function firstEndingAfter(list: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `[start, end)` lies inside a single interval of normalized `list`. */
export function containsRange(list: readonly Interval[], start: number, end: number): boolean {
  const candidate = list[firstEndingAfter(list, start)];
  return candidate !== undefined && candidate.start <= start && end <= candidate.end;
}

/** Whether `[start, end)` overlaps any interval of normalized `list` (touching is not overlap). */
export function overlapsAny(list: readonly Interval[], start: number, end: number): boolean {
  if (end <= start) return false;
  const candidate = list[firstEndingAfter(list, start)];
  return candidate !== undefined && candidate.start < end;
}
