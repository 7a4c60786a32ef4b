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

/**
 * Bookings (appointments, holds, sessions) of each person on the local date of a start,
 * remembered per person with the instants that date spans: starts come in order, so a
 * person's count is worked out once per date, not once per comparison.
 */
class DayCounts {
  readonly #from: Float64Array;
  readonly #to: Float64Array;
  readonly #count: Int32Array;

  constructor(size: number) {
    this.#from = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.#to = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.#count = new Int32Array(size);
  }

  /** Bookings of person `p` (plan `plan`) on the local date containing `instant`. */
  on(p: number, plan: StaffPlan, instant: number): number {
    if (instant >= this.#from[p]! && instant < this.#to[p]!) return this.#count[p]!;
    // The local date's instants are [its midnight, the next midnight): the dates
    // `dayOf` gives, by the same clock.
    const day = plan.clock.dayOf(instant);
    const from = plan.clock.toInstant(day, 0);
    const to = plan.clock.toInstant(day + 1, 0);
    const starts = plan.load.bookingStarts;
    const count = lowerBound(starts, to) - lowerBound(starts, from);
    this.#from[p] = from;
    this.#to[p] = to;
    this.#count[p] = count;
    return count;
  }
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
  const count = people.length;
  const heads = new Int32Array(count);
  // Each person's next start (Infinity once they have none left).
  const next = new Float64Array(count);
  for (let p = 0; p < count; p++) next[p] = people[p]!.starts[0]!;
  const days = new DayCounts(count);
  for (;;) {
    let start = Number.POSITIVE_INFINITY;
    for (let p = 0; p < count; p++) if (next[p]! < start) start = next[p]!;
    if (start === Number.POSITIVE_INFINITY) return chosen;
    // The best of those offering `start`: see the header for the order.
    let best = -1;
    let bestJoins = false;
    let bestCount = 0;
    for (let p = 0; p < count; p++) {
      if (next[p] !== start) continue;
      const offers = people[p]!;
      const joins = offers.joins[heads[p]!]!;
      const bookings = days.on(p, offers.plan, start);
      if (best === -1 || isBetter(offers, joins, bookings, people[best]!, bestJoins, bestCount)) {
        best = p;
        bestJoins = joins;
        bestCount = bookings;
      }
    }
    chosen.push({ start, offers: people[best]!, index: heads[best]! });
    for (let p = 0; p < count; p++) {
      if (next[p] !== start) continue;
      const head = heads[p]! + 1;
      heads[p] = head;
      const starts = people[p]!.starts;
      next[p] = head < starts.length ? starts[head]! : Number.POSITIVE_INFINITY;
    }
  }
}

function isBetter(
  a: StaffOffers,
  joinsA: boolean,
  countA: number,
  b: StaffOffers,
  joinsB: boolean,
  countB: number,
): boolean {
  if (joinsA !== joinsB) return joinsA;
  if (countA !== countB) return countA < countB;
  const orderA = a.plan.staff.display_order;
  const orderB = b.plan.staff.display_order;
  if (orderA !== orderB) return orderA < orderB;
  return a.plan.staff.id < b.plan.staff.id;
}
