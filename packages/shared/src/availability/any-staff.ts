/**
 * Merging several people's offers into one slot per start (DESIGN.md §3 rule 4):
 * the slot names the person the booking would get. For a group service, joining an
 * existing session with seats left beats opening a new one (classes fill before new
 * ones start); then fewest bookings on that person's local date of the start; then
 * `display_order`; then id, so the choice is total and repeatable.
 */
import { keepShape } from './kept-shapes.ts';
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

keepShape(new DayCounts(0));

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
  const people = all.filter((offers) => offers.list.count > 0);
  const chosen: ChosenStart[] = [];
  if (people.length === 1) {
    const only = people[0]!;
    const { starts, count } = only.list;
    for (let index = 0; index < count; index++) {
      chosen.push({ start: starts[index]!, offers: only, index });
    }
    return chosen;
  }
  const count = people.length;
  const heads = new Int32Array(count);
  // Each person's next start (Infinity once they have none left).
  const next = new Float64Array(count);
  for (let p = 0; p < count; p++) next[p] = people[p]!.list.starts[0]!;
  const rank = tieRanks(people);
  const days = new DayCounts(count);
  let start = Number.POSITIVE_INFINITY;
  for (let p = 0; p < count; p++) if (next[p]! < start) start = next[p]!;
  while (start !== Number.POSITIVE_INFINITY) {
    // The best of those offering `start`: see the header for the order.
    let best = -1;
    let bestJoins = false;
    let bestCount = 0;
    for (let p = 0; p < count; p++) {
      if (next[p] !== start) continue;
      const offers = people[p]!;
      const { list } = offers;
      const joins = list.anyJoins && list.kindAt(heads[p]!).joins;
      const bookings = days.on(p, offers.plan, start);
      if (
        best === -1 ||
        (joins !== bestJoins
          ? joins
          : bookings !== bestCount
            ? bookings < bestCount
            : rank[p]! < rank[best]!)
      ) {
        best = p;
        bestJoins = joins;
        bestCount = bookings;
      }
    }
    chosen.push({ start, offers: people[best]!, index: heads[best]! });
    // Past `start` for everyone offering it, and the next start of all.
    let following = Number.POSITIVE_INFINITY;
    for (let p = 0; p < count; p++) {
      if (next[p] === start) {
        const head = heads[p]! + 1;
        heads[p] = head;
        const { starts, count: offered } = people[p]!.list;
        next[p] = head < offered ? starts[head]! : Number.POSITIVE_INFINITY;
      }
      if (next[p]! < following) following = next[p]!;
    }
    start = following;
  }
  return chosen;
}

/**
 * Each person's place in the last tie-break, `display_order` then id (equal places for
 * equal pairs, so the first listed keeps winning such a tie as before).
 */
function tieRanks(people: readonly StaffOffers[]): Int32Array {
  const compare = (a: StaffOffers, b: StaffOffers): number => {
    const orderA = a.plan.staff.display_order;
    const orderB = b.plan.staff.display_order;
    if (orderA !== orderB) return orderA < orderB ? -1 : 1;
    const idA = a.plan.staff.id;
    const idB = b.plan.staff.id;
    return idA < idB ? -1 : idA === idB ? 0 : 1;
  };
  const order = people.map((_, p) => p).sort((a, b) => compare(people[a]!, people[b]!));
  const rank = new Int32Array(people.length);
  for (let i = 1; i < order.length; i++) {
    const same = compare(people[order[i - 1]!]!, people[order[i]!]!) === 0;
    rank[order[i]!] = same ? rank[order[i - 1]!]! : i;
  }
  return rank;
}
