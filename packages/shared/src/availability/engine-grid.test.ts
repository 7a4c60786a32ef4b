/**
 * DESIGN.md §3 rules 2 and 5: the grid of candidate starts, anchored in the
 * business's zone, and the customer's days in the response.
 */
import { describe, expect, it } from 'vitest';
import { computeAvailability } from './engine.ts';
import {
  context,
  EVERY_DAY,
  LONG_AGO,
  localTimes,
  service,
  slotsOf,
  staffMember,
  startsOf,
  WEEKDAYS,
  weekly,
} from './test-fixtures.ts';

const ana = { staff_id: 'ana' };

describe('candidate starts', () => {
  const morning = context({ rules: weekly(WEEKDAYS, '09:00', '12:00', ana) });
  it.each([
    {
      name: 'step defaults to duration + the service buffer after',
      fields: { duration_minutes: 30, buffer_time_after: 15 },
      expected: ['09:00', '09:45', '10:30', '11:15'],
    },
    {
      name: 'step is the duration without a buffer; the last slot ends at closing',
      fields: { duration_minutes: 45 },
      expected: ['09:00', '09:45', '10:30', '11:15'],
    },
    {
      name: 'an explicit interval',
      fields: { duration_minutes: 60, slot_interval_minutes: 20 },
      expected: ['09:00', '09:20', '09:40', '10:00', '10:20', '10:40', '11:00'],
    },
    {
      name: 'buffers need not fit inside opening hours',
      fields: {
        duration_minutes: 60,
        buffer_time_before: 30,
        buffer_time_after: 30,
        slot_interval_minutes: 60,
      },
      expected: ['09:00', '10:00', '11:00'],
    },
    {
      name: 'a service longer than the window has no slot',
      fields: { duration_minutes: 240 },
      expected: [],
    },
  ])('$name', ({ fields, expected }) => {
    expect(
      localTimes(slotsOf(morning, { start_date: '2027-03-15', service: service(fields) })),
    ).toEqual(expected);
  });

  it('steps by duration + staff buffer after + service buffer after (DESIGN §3 rule 2)', () => {
    const longer = context({ rules: weekly(WEEKDAYS, '09:00', '13:00', ana) });
    const withStaffBuffer = (staff: number, svc: number) =>
      localTimes(
        slotsOf(
          { ...longer, staff: [staffMember({ buffer_time_after: staff })] },
          {
            start_date: '2027-03-15',
            service: service({ duration_minutes: 60, buffer_time_after: svc }),
          },
        ),
      );
    expect(withStaffBuffer(15, 0)).toEqual(['09:00', '10:15', '11:30']);
    expect(withStaffBuffer(10, 5)).toEqual(['09:00', '10:15', '11:30']);
    // An explicit interval still wins over the buffers.
    expect(
      localTimes(
        slotsOf(
          { ...longer, staff: [staffMember({ buffer_time_after: 15 })] },
          {
            start_date: '2027-03-15',
            service: service({ duration_minutes: 60, slot_interval_minutes: 30 }),
          },
        ),
      ),
    ).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00']);
  });

  it('rejects a service without a positive duration or step', () => {
    const bad = service({ duration_minutes: 0 });
    expect(() => slotsOf(morning, { start_date: '2027-03-15', service: bad })).toThrow(RangeError);
  });
});

describe('the grid is anchored in the business zone, whatever the viewer', () => {
  const ctx = context({ rules: weekly(WEEKDAYS, '09:00', '12:00', ana) });
  const fortyFive = service({ duration_minutes: 45 });

  it('a viewer in Kolkata sees 09:00 New York (13:00Z) starts, not shifted to their half hour', () => {
    const slots = slotsOf(ctx, {
      start_date: '2027-03-15',
      display_timezone: 'Asia/Kolkata',
      service: fortyFive,
    });
    expect(startsOf(slots)).toEqual([
      '2027-03-15T13:00:00Z',
      '2027-03-15T13:45:00Z',
      '2027-03-15T14:30:00Z',
      '2027-03-15T15:15:00Z',
    ]);
    expect(slots[0]).toEqual({
      start_time: '2027-03-15T13:00:00Z',
      end_time: '2027-03-15T13:45:00Z',
      staff_id: 'ana',
      location_id: null,
      remaining_capacity: 1,
    });
  });

  it('a viewer in Auckland looking at a Los Angeles business', () => {
    const la = context({
      business_timezone: 'America/Los_Angeles',
      staff: [staffMember({ timezone: 'America/Los_Angeles' })],
      rules: weekly(WEEKDAYS, '09:00', '17:00', ana),
    });
    const result = computeAvailability(la, {
      service: service(),
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      display_timezone: 'Pacific/Auckland',
      now: LONG_AGO,
    });
    // Monday 09:00–17:00 PDT is Tuesday 05:00–13:00 NZDT; Monday in Auckland is an LA Sunday.
    expect(result.timezone).toBe('Pacific/Auckland');
    expect(result.days.map((day) => day.date)).toEqual(['2027-03-15', '2027-03-16']);
    expect(result.days[0]!.slots).toEqual([]);
    expect(localTimes(result.days[1]!.slots, 'Pacific/Auckland')).toEqual([
      '05:00',
      '06:00',
      '07:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
    ]);
    expect(localTimes(result.days[1]!.slots, 'America/Los_Angeles')[0]).toBe('09:00');
  });

  it("Auckland's 25-hour day (2027-04-04, DST ends) collects the whole LA Saturday", () => {
    const la = context({
      business_timezone: 'America/Los_Angeles',
      staff: [staffMember({ timezone: 'America/Los_Angeles' })],
      rules: weekly([6], '09:00', '17:00', ana),
    });
    const slots = slotsOf(la, { start_date: '2027-04-04', display_timezone: 'Pacific/Auckland' });
    expect(startsOf(slots)[0]).toBe('2027-04-03T16:00:00Z');
    expect(localTimes(slots, 'Pacific/Auckland')).toEqual([
      '04:00',
      '05:00',
      '06:00',
      '07:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
    ]);
  });
});

describe('days in the response', () => {
  it('lists every date in order, even empty ones, with slots sorted', () => {
    const ctx = context({ rules: weekly([1, 3], '09:00', '11:00', ana) });
    const result = computeAvailability(ctx, {
      service: service(),
      start_date: '2027-03-14',
      end_date: '2027-03-18',
      now: LONG_AGO,
    });
    expect(result).toMatchObject({ service_id: 'cut', timezone: 'America/New_York' });
    expect(result.days.map((day) => [day.date, day.slots.length])).toEqual([
      ['2027-03-14', 0],
      ['2027-03-15', 2],
      ['2027-03-16', 0],
      ['2027-03-17', 2],
      ['2027-03-18', 0],
    ]);
    for (const day of result.days) {
      const starts = startsOf(day.slots);
      expect(starts).toEqual([...starts].sort());
    }
  });

  it('a slot belongs to the date it starts on in the display zone', () => {
    // 20:00–22:00 New York is 00:00–02:00Z next day: a UTC viewer sees it on Tuesday.
    const ctx = context({ rules: weekly([1], '20:00', '22:00', ana) });
    const utc = computeAvailability(ctx, {
      service: service(),
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      display_timezone: 'UTC',
      now: LONG_AGO,
    });
    expect(utc.days.map((day) => startsOf(day.slots))).toEqual([
      [],
      ['2027-03-16T00:00:00Z', '2027-03-16T01:00:00Z'],
    ]);
  });

  it('a display range around midnight includes slots from both neighbouring business dates', () => {
    const ctx = context({ rules: weekly(EVERY_DAY, '06:00', '23:00', ana) });
    const slots = slotsOf(ctx, { start_date: '2027-03-16', display_timezone: 'Asia/Tokyo' });
    // Tokyo's 16 March is 15 March 11:00 → 16 March 11:00 in New York (EDT).
    expect(localTimes(slots).slice(0, 2)).toEqual(['11:00', '12:00']);
    expect(localTimes(slots).slice(-2)).toEqual(['09:00', '10:00']);
    expect(slots).toHaveLength(12 + 5);
  });

  it('rejects an inverted range, an unknown zone and a malformed date', () => {
    const ctx = context();
    expect(() => slotsOf(ctx, { start_date: '2027-03-16', end_date: '2027-03-15' })).toThrow(
      RangeError,
    );
    expect(() =>
      slotsOf(ctx, { start_date: '2027-03-16', display_timezone: 'Nowhere/Land' }),
    ).toThrow(RangeError);
    expect(() => slotsOf(ctx, { start_date: '2027-3-16' })).toThrow(RangeError);
  });
});
