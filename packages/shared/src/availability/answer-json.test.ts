/**
 * `computeAvailabilityJsonPieces` writes the API's availability body itself (issue 21):
 * joined, it must be byte for byte `JSON.stringify(computeAvailability(…))`, which
 * clients, the cached answers and the tests before it were written against.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAvailabilityJsonPieces } from './answer-json.ts';
import { computeAvailability } from './engine.ts';
import {
  context,
  EVERY_DAY,
  LONG_AGO,
  occupancy,
  service,
  staffMember,
  weekly,
} from './test-fixtures.ts';
import { scenarioArb } from './test-scenarios.ts';
import type { AvailabilityContext, AvailabilityQuery } from './types.ts';

const both = (ctx: AvailabilityContext, query: AvailabilityQuery) => ({
  written: computeAvailabilityJsonPieces(ctx, query).join(''),
  stringified: JSON.stringify(computeAvailability(ctx, query)),
});

describe('computeAvailabilityJsonPieces', () => {
  it('writes the same bytes as JSON.stringify of computeAvailability (random businesses)', () => {
    let slots = 0;
    fc.assert(
      fc.property(scenarioArb, ({ ctx, query }) => {
        const { written, stringified } = both(ctx, query);
        expect(written).toBe(stringified);
        slots += (JSON.parse(written) as { days: { slots: unknown[] }[] }).days.reduce(
          (n, day) => n + day.slots.length,
          0,
        );
      }),
      { numRuns: 300 },
    );
    // The comparison was made on real answers, not on empty weeks.
    expect(slots).toBeGreaterThan(1000);
  });

  it('escapes ids as JSON does and names each slot’s own staff member and location', () => {
    const odd = ['quote"back\\slash', 'line\u2028sep\ttab', 'é\u0001'];
    const ctx = context({
      staff: odd.map((id, i) =>
        staffMember({ id, display_order: i, location_ids: i === 1 ? ['north "2"'] : [] }),
      ),
      locations: [
        { id: 'north "2"', timezone: 'America/New_York' },
        { id: 'south\n', timezone: 'America/Chicago' },
      ],
      rules: weekly(EVERY_DAY, '09:00', '12:00'),
      occupancies: [occupancy(odd[0]!, '2027-03-15T13:00:00Z', '2027-03-15T15:00:00Z')],
    });
    const query: AvailabilityQuery = {
      service: service({ id: 'svc "x"', duration_minutes: 45, slot_interval_minutes: 20 }),
      start_date: '2027-03-13',
      end_date: '2027-03-16',
      display_timezone: 'Asia/Kolkata',
      now: LONG_AGO,
    };
    const { written, stringified } = both(ctx, query);
    expect(written).toBe(stringified);
    const ids = new Set(
      (JSON.parse(written) as { days: { slots: { staff_id: string }[] }[] }).days.flatMap((day) =>
        day.slots.map((slot) => slot.staff_id),
      ),
    );
    expect(ids.size).toBeGreaterThan(1);
  });

  it('writes seats of group sessions and instants off the whole minute the same way', () => {
    // Monrovia kept −0:44:30 until 1972: its rule times fall 30 s past a UTC minute.
    const ctx = context({
      business_timezone: 'Africa/Monrovia',
      staff: [staffMember({ timezone: 'Africa/Monrovia' })],
      rules: weekly(EVERY_DAY, '09:00', '17:00'),
      occupancies: [
        occupancy('ana', '1971-06-01T10:44:30Z', '1971-06-01T11:44:30Z', {
          kind: 'session',
          service_id: 'class',
          seats_taken: 3,
        }),
      ],
    });
    const query: AvailabilityQuery = {
      service: service({ id: 'class', booking_type: 'group', max_capacity: 8 }),
      start_date: '1971-06-01',
      end_date: '1971-06-02',
      now: new Date('1971-01-01T00:00:00Z'),
    };
    const { written, stringified } = both(ctx, query);
    expect(written).toBe(stringified);
    expect(written).toContain(':30Z"');
    expect(written).toContain('"remaining_capacity":5');
  });

  it('writes seat counts beyond the kept ones, and slots across a UTC midnight', () => {
    const ctx = context({
      business_timezone: 'America/Los_Angeles',
      staff: [staffMember({ timezone: 'America/Los_Angeles' })],
      rules: weekly(EVERY_DAY, '15:00', '18:00'),
      occupancies: [
        occupancy('ana', '2027-03-15T22:00:00Z', '2027-03-15T23:30:00Z', {
          kind: 'session',
          service_id: 'class',
          seats_taken: 3,
        }),
      ],
    });
    const query: AvailabilityQuery = {
      service: service({
        id: 'class',
        booking_type: 'class',
        max_capacity: 5000,
        duration_minutes: 90,
      }),
      start_date: '2027-03-14',
      end_date: '2027-03-16',
      now: LONG_AGO,
    };
    const { written, stringified } = both(ctx, query);
    expect(written).toBe(stringified);
    expect(written).toContain('"remaining_capacity":4997');
    expect(written).toContain('"remaining_capacity":5000');
    expect(written).toContain('"end_time":"2027-03-16T01:00:00Z"');
  });

  it('writes empty days and an empty range as JSON.stringify does', () => {
    const query: AvailabilityQuery = {
      service: service(),
      start_date: '2027-03-14',
      end_date: '2027-03-15',
      now: LONG_AGO,
    };
    const { written, stringified } = both(context(), query);
    expect(written).toBe(stringified);
    expect(JSON.parse(written)).toEqual({
      service_id: 'cut',
      timezone: 'America/New_York',
      days: [
        { date: '2027-03-14', slots: [] },
        { date: '2027-03-15', slots: [] },
      ],
    });
  });

  it('refuses what computeAvailability refuses', () => {
    const query: AvailabilityQuery = {
      service: service(),
      start_date: '2027-03-16',
      end_date: '2027-03-15',
      now: LONG_AGO,
    };
    expect(() => computeAvailabilityJsonPieces(context(), query)).toThrow(RangeError);
    expect(() =>
      computeAvailabilityJsonPieces(context(), { ...query, start_date: '2027-02-30' }),
    ).toThrow(RangeError);
  });

  it('cuts a busy month into pieces that are none of them a large object to V8', () => {
    // Ten people open 08:00–20:00 every day, a start every 5 minutes, for 31 days: one
    // slot per start, ~600 K characters in all.
    const ctx = context({
      staff: Array.from({ length: 10 }, (_, i) =>
        staffMember({
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          display_order: i,
        }),
      ),
      rules: weekly(EVERY_DAY, '08:00', '20:00'),
    });
    const query: AvailabilityQuery = {
      service: service({ duration_minutes: 30, slot_interval_minutes: 5 }),
      start_date: '2027-03-01',
      end_date: '2027-03-31',
      now: LONG_AGO,
    };
    const pieces = computeAvailabilityJsonPieces(ctx, query);
    expect(pieces.join('')).toBe(JSON.stringify(computeAvailability(ctx, query)));
    expect(pieces.join('').length).toBeGreaterThan(500_000);
    expect(pieces.length).toBeGreaterThan(10);
    // V8 makes a string a large object past 128 KB (64 K characters of two bytes).
    for (const piece of pieces) expect(piece.length).toBeLessThan(64 * 1024);
  });
});
