/**
 * Merging several people's offers into one slot per start (DESIGN.md §3 rule 4):
 * the slot names the person the booking would get. For a group service, joining an
 * existing session with seats left beats opening a new one (classes fill before new
 * ones start); then fewest bookings on that person's local date of the start; then
 * `display_order`; then id, so the choice is total and repeatable.
 */
import type { StaffOffers, StaffPlan } from './staff-offers.ts';

/** One chosen start: who, where, how many seats. */
export interface ChosenStart {
  start: number;
  offers: StaffOffers;
  index: number;
}

/** Bookings (appointments, holds, sessions) of a person on the local date containing `instant`. */
export function bookingsOnDayOf(
  plan: StaffPlan,
  instant: number,
  cache: Map<number, number>,
): number {
  const day = plan.clock.dayOf(instant);
  let count = cache.get(day);
  if (count === undefined) {
    const from = plan.clock.toInstant(day, 0);
    const to = plan.clock.toInstant(day + 1, 0);
    count = lowerBound(plan.load.bookingStarts, to) - lowerBound(plan.load.bookingStarts, from);
    cache.set(day, count);
  }
  return count;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges each person's ascending offers into one ascending choice per start. */
export function chooseStaffPerStart(all: readonly StaffOffers[]): ChosenStart[] {
  const people = all.filter((offers) => offers.starts.length > 0);
  const chosen: ChosenStart[] = [];
  if (people.length === 1) {
    const only = people[0]!;
    for (let index = 0; index < only.starts.length; index++) {
      chosen.push({ start: only.starts[index]!, offers: only, index });
    }
    return chosen;
  }
  const heads = new Array<number>(people.length).fill(0);
  const dayCounts = people.map(() => new Map<number, number>());
  for (;;) {
    let start = Number.POSITIVE_INFINITY;
    for (let p = 0; p < people.length; p++) {
      const next = people[p]!.starts[heads[p]!];
      if (next !== undefined && next < start) start = next;
    }
    if (start === Number.POSITIVE_INFINITY) return chosen;
    let best = -1;
    for (let p = 0; p < people.length; p++) {
      if (people[p]!.starts[heads[p]!] !== start) continue;
      if (best === -1 || isBetter(people, heads, dayCounts, p, best, start)) best = p;
    }
    chosen.push({ start, offers: people[best]!, index: heads[best]! });
    for (let p = 0; p < people.length; p++) {
      if (people[p]!.starts[heads[p]!] === start) heads[p] = heads[p]! + 1;
    }
  }
}

function isBetter(
  people: readonly StaffOffers[],
  heads: readonly number[],
  dayCounts: readonly Map<number, number>[],
  p: number,
  q: number,
  start: number,
): boolean {
  const a = people[p]!;
  const b = people[q]!;
  const joinsA = a.joins[heads[p]!]!;
  const joinsB = b.joins[heads[q]!]!;
  if (joinsA !== joinsB) return joinsA;
  const countA = bookingsOnDayOf(a.plan, start, dayCounts[p]!);
  const countB = bookingsOnDayOf(b.plan, start, dayCounts[q]!);
  if (countA !== countB) return countA < countB;
  const orderA = a.plan.staff.display_order;
  const orderB = b.plan.staff.display_order;
  if (orderA !== orderB) return orderA < orderB;
  return a.plan.staff.id < b.plan.staff.id;
}
