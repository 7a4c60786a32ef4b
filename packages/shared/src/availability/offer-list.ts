/**
 * The starts one staff member can take, in flat typed arrays: a month of one person is
 * a thousand or more starts, and four plain arrays pushed per start (start, seats, joins,
 * location) were a third of the engine's time on a busy month (issue 21). What a start
 * would be (seats left, joining a session, where) is one of a few kinds: the person's
 * locations for new bookings, and each joined session.
 */
import { keepShape } from './kept-shapes.ts';

/** What taking one start would be. */
export interface OfferKind {
  seatsLeft: number;
  /** Whether the start joins an existing session. */
  joins: boolean;
  locationId: string | null;
}

const INITIAL_CAPACITY = 64;

export class OfferList {
  /** Starts, epoch ms, in `[0, count)`. */
  starts = new Float64Array(INITIAL_CAPACITY);
  /** Index into `kinds` of each start. */
  kindOf = new Int32Array(INITIAL_CAPACITY);
  readonly kinds: OfferKind[] = [];
  count = 0;
  /** Whether any start joins a session (else the any-staff merge need not look). */
  anyJoins = false;

  /** Registers a kind of start; returns its index for `push`. */
  addKind(kind: OfferKind): number {
    if (kind.joins) this.anyJoins = true;
    return this.kinds.push(kind) - 1;
  }

  push(start: number, kind: number): void {
    if (this.count === this.starts.length) this.#grow(this.count * 2);
    this.starts[this.count] = start;
    this.kindOf[this.count] = kind;
    this.count++;
  }

  /**
   * Room for `more` starts beyond those held, in one allocation: a month of one person
   * grew 64 → 2048 in six copies, and each typed array is a fresh allocation of the
   * runtime's (page faults under workerd, where this showed as 4 % of a computed answer).
   */
  reserve(more: number): void {
    const needed = this.count + more;
    if (needed > this.starts.length) this.#grow(needed);
  }

  kindAt(index: number): OfferKind {
    return this.kinds[this.kindOf[index]!]!;
  }

  /**
   * Orders the starts ascending and keeps the first pushed of equal starts: pieces of
   * adjacent dates can overlap, and a person open at several locations takes the first
   * location listed (collected first).
   */
  sortUnique(): void {
    const { starts, kindOf, count } = this;
    let ordered = true;
    for (let i = 1; i < count && ordered; i++) ordered = starts[i - 1]! < starts[i]!;
    if (ordered) return;
    // Array#sort is stable: equal starts keep the order they were pushed in.
    const order = Array.from({ length: count }, (_, i) => i).sort(
      (a, b) => starts[a]! - starts[b]!,
    );
    const sortedStarts = new Float64Array(Math.max(count, 1));
    const sortedKinds = new Int32Array(Math.max(count, 1));
    let kept = 0;
    for (const i of order) {
      const start = starts[i]!;
      if (kept > 0 && sortedStarts[kept - 1] === start) continue;
      sortedStarts[kept] = start;
      sortedKinds[kept] = kindOf[i]!;
      kept++;
    }
    this.starts = sortedStarts;
    this.kindOf = sortedKinds;
    this.count = kept;
  }

  #grow(capacity: number): void {
    const starts = new Float64Array(capacity);
    starts.set(this.starts);
    const kindOf = new Int32Array(capacity);
    kindOf.set(this.kindOf);
    this.starts = starts;
    this.kindOf = kindOf;
  }
}

keepShape(new OfferList());
