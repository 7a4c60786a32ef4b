/**
 * DESIGN.md §3 rule 3: occupancies (appointments, holds, sessions, external busy
 * time) with staff and service buffers, and the notice and advance limits.
 * Times are New York, Monday 2027-03-15 (EDT, so 09:00 = 13:00Z).
 */
import { describe, expect, it } from 'vitest';
import { computeAvailability } from './engine.ts';
import {
  context,
  localTimes,
  occupancy,
  service,
  slotsOf,
  staffMember,
  WEEKDAYS,
  weekly,
} from './test-fixtures.ts';
import type { AvailabilityStaff, Occupancy } from './types.ts';

const DATE = '2027-03-15';
const nineToFive = (staffId = 'ana') => weekly(WEEKDAYS, '09:00', '17:00', { staff_id: staffId });
const allDay = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'];
/** 10:00–11:00 EDT. */
const TEN_TO_ELEVEN = ['2027-03-15T14:00:00Z', '2027-03-15T15:00:00Z'] as const;

describe('occupancies block the staff member', () => {
  it.each<{ name: string; occupancies: Occupancy[]; expected: string[] }>([
    {
      name: 'an appointment',
      occupancies: [occupancy('ana', ...TEN_TO_ELEVEN)],
      expected: allDay.filter((t) => t !== '10:00'),
    },
    {
      name: 'a hold',
      occupancies: [occupancy('ana', ...TEN_TO_ELEVEN, { kind: 'hold' })],
      expected: allDay.filter((t) => t !== '10:00'),
    },
    {
      name: 'external busy time, partly overlapping two slots',
      occupancies: [
        occupancy('ana', '2027-03-15T14:30:00Z', '2027-03-15T15:30:00Z', { kind: 'external' }),
      ],
      expected: allDay.filter((t) => t !== '10:00' && t !== '11:00'),
    },
    {
      name: "another service's session",
      occupancies: [
        occupancy('ana', ...TEN_TO_ELEVEN, {
          kind: 'session',
          service_id: 'yoga',
          seats_taken: 1,
          capacity: 8,
        }),
      ],
      expected: allDay.filter((t) => t !== '10:00'),
    },
    {
      name: 'touching is not overlapping (half-open ranges)',
      occupancies: [occupancy('ana', '2027-03-15T13:30:00Z', '2027-03-15T14:00:00Z')],
      expected: allDay.filter((t) => t !== '09:00'),
    },
    {
      name: "someone else's appointment",
      occupancies: [occupancy('ben', ...TEN_TO_ELEVEN)],
      expected: allDay,
    },
    {
      name: 'overlapping occupancies',
      occupancies: [
        occupancy('ana', '2027-03-15T14:00:00Z', '2027-03-15T16:00:00Z'),
        occupancy('ana', '2027-03-15T15:00:00Z', '2027-03-15T15:30:00Z', { kind: 'external' }),
      ],
      expected: allDay.filter((t) => t !== '10:00' && t !== '11:00'),
    },
  ])('$name', ({ occupancies, expected }) => {
    expect(
      localTimes(slotsOf(context({ rules: nineToFive(), occupancies }), { start_date: DATE })),
    ).toEqual(expected);
  });
});

describe('buffers: staff + service, before + after', () => {
  // An existing 10:00–11:00 appointment (its own buffers already in its range).
  const occupancies = [occupancy('ana', ...TEN_TO_ELEVEN)];
  it.each<{
    name: string;
    staff: Partial<AvailabilityStaff>;
    service: Parameters<typeof service>[0];
    expected: string[];
  }>([
    { name: 'none', staff: {}, service: {}, expected: allDay.filter((t) => t !== '10:00') },
    {
      name: 'staff buffer after: 09:00 would run into 10:00',
      staff: { buffer_time_after: 15 },
      service: { slot_interval_minutes: 60 },
      expected: allDay.filter((t) => t !== '09:00' && t !== '10:00'),
    },
    {
      name: 'staff buffer before: 11:00 would start inside the appointment',
      staff: { buffer_time_before: 15 },
      service: {},
      expected: allDay.filter((t) => t !== '10:00' && t !== '11:00'),
    },
    {
      name: 'service buffers add to staff buffers',
      staff: { buffer_time_before: 5 },
      service: { buffer_time_before: 10, slot_interval_minutes: 60 },
      expected: allDay.filter((t) => t !== '10:00' && t !== '11:00'),
    },
    {
      name: 'service buffer after, with a 30-minute grid',
      staff: {},
      service: { buffer_time_after: 30, slot_interval_minutes: 30 },
      expected: [
        '11:00',
        '11:30',
        '12:00',
        '12:30',
        '13:00',
        '13:30',
        '14:00',
        '14:30',
        '15:00',
        '15:30',
        '16:00',
      ],
    },
  ])('$name', ({ staff, service: fields, expected }) => {
    const ctx = context({ staff: [staffMember(staff)], rules: nineToFive(), occupancies });
    expect(localTimes(slotsOf(ctx, { start_date: DATE, service: service(fields) }))).toEqual(
      expected,
    );
  });
});

describe('notice and advance limits', () => {
  const rules = nineToFive();
  it('the staff minimum notice is inclusive', () => {
    const ctx = context({ staff: [staffMember({ min_notice_minutes: 120 })], rules });
    const now = new Date('2027-03-15T12:00:00Z'); // 08:00 EDT
    expect(localTimes(slotsOf(ctx, { start_date: DATE, now }))).toEqual(allDay.slice(1));
  });

  it("the service's notice replaces the staff's", () => {
    const ctx = context({ staff: [staffMember({ min_notice_minutes: 120 })], rules });
    const now = new Date('2027-03-15T12:00:00Z');
    const quick = service({ min_notice_minutes: 0 });
    expect(localTimes(slotsOf(ctx, { start_date: DATE, now, service: quick }))).toEqual(allDay);
  });

  it('past starts are never offered', () => {
    const ctx = context({ rules });
    const now = new Date('2027-03-15T16:30:00Z'); // 12:30 EDT
    expect(localTimes(slotsOf(ctx, { start_date: DATE, now }))).toEqual([
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
  });

  it('max advance days: up to the same time of day, N days on', () => {
    const ctx = context({ staff: [staffMember({ max_advance_booking_days: 7 })], rules });
    const now = new Date('2027-03-08T16:00:00Z'); // Monday 11:00 EST
    const result = computeAvailability(ctx, {
      service: service(),
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      now,
    });
    expect(localTimes(result.days[0]!.slots)).toEqual(['09:00', '10:00', '11:00']);
    expect(result.days[1]!.slots).toEqual([]);
  });
});
