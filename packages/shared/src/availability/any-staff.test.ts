/**
 * The any-staff merge (`chooseStaffPerStart`) against a plain reading of DESIGN §3 rule 4
 * on random businesses: every start any person offers, once, given to the person who
 * joins a session, else has the fewest bookings on their own date of the start, else
 * comes first by display order, then id. The merge keeps pointers, a per-person day
 * count and precomputed tie ranks (issue 21); this reference keeps none of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseStaffPerStart } from './any-staff.ts';
import { offersOf } from './engine.ts';
import { parseLocalDate } from './local-date.ts';
import type { StaffOffers } from './staff-offers.ts';
import { scenarioArb } from './test-scenarios.ts';
import { zoneClock } from './wall-clock.ts';

interface Pick {
  start: number;
  staff: string;
  index: number;
}

function bookingsOnDate(offers: StaffOffers, instant: number): number {
  const clock = zoneClock(offers.plan.staff.timezone);
  const day = clock.dayOf(instant);
  const from = clock.toInstant(day, 0);
  const to = clock.toInstant(day + 1, 0);
  return offers.plan.load.bookingStarts.filter((start) => start >= from && start < to).length;
}

function reference(all: readonly StaffOffers[]): Pick[] {
  const byStart = new Map<number, { offers: StaffOffers; index: number }[]>();
  for (const offers of all) {
    for (let index = 0; index < offers.list.count; index++) {
      const start = offers.list.starts[index]!;
      byStart.set(start, [...(byStart.get(start) ?? []), { offers, index }]);
    }
  }
  return [...byStart.keys()]
    .sort((a, b) => a - b)
    .map((start) => {
      const ranked = [...byStart.get(start)!].sort((a, b) => {
        const joinsA = a.offers.list.kindAt(a.index).joins;
        const joinsB = b.offers.list.kindAt(b.index).joins;
        if (joinsA !== joinsB) return joinsA ? -1 : 1;
        const countA = bookingsOnDate(a.offers, start);
        const countB = bookingsOnDate(b.offers, start);
        if (countA !== countB) return countA - countB;
        const staffA = a.offers.plan.staff;
        const staffB = b.offers.plan.staff;
        if (staffA.display_order !== staffB.display_order)
          return staffA.display_order - staffB.display_order;
        return staffA.id < staffB.id ? -1 : staffA.id > staffB.id ? 1 : 0;
      });
      const best = ranked[0]!;
      return { start, staff: best.offers.plan.staff.id, index: best.index };
    });
}

describe('chooseStaffPerStart', () => {
  it('gives each start to the person rule 4 names (random businesses, ties on display order)', () => {
    let contested = 0;
    fc.assert(
      fc.property(scenarioArb, ({ ctx, query }) => {
        const from = parseLocalDate(query.start_date) * 86_400_000 - 86_400_000;
        const to = parseLocalDate(query.end_date) * 86_400_000 + 2 * 86_400_000;
        const all = offersOf(ctx, query, from, to);
        const chosen = chooseStaffPerStart(all).map(({ start, offers, index }) => ({
          start,
          staff: offers.plan.staff.id,
          index,
        }));
        expect(chosen).toEqual(reference(all));
        if (all.filter((offers) => offers.list.count > 0).length > 1) contested++;
      }),
      { numRuns: 600 },
    );
    // The comparison met real choices: runs with several people offering starts.
    expect(contested).toBeGreaterThan(25);
  });
});
