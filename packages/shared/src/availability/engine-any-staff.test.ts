/**
 * DESIGN.md §3 rules 3–4: the any-staff choice, group and class seats, and
 * `findBookableSlot` on the booking path.
 * Times are New York, Monday 2027-03-15 (EDT, so 09:00 = 13:00Z).
 */
import { describe, expect, it } from 'vitest';
import { findBookableSlot } from './engine.ts';
import {
  context,
  LONG_AGO,
  localTimes,
  occupancy,
  service,
  slotsOf,
  staffMember,
  WEEKDAYS,
  weekly,
} from './test-fixtures.ts';
import type { Occupancy } from './types.ts';

const DATE = '2027-03-15';
const nineToFive = (staffId = 'ana') => weekly(WEEKDAYS, '09:00', '17:00', { staff_id: staffId });
const allDay = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'];
/** 10:00–11:00 EDT. */
const TEN_TO_ELEVEN = ['2027-03-15T14:00:00Z', '2027-03-15T15:00:00Z'] as const;

describe('any staff', () => {
  const ben = staffMember({ id: 'ben', display_order: 1 });
  const cy = staffMember({ id: 'cy', display_order: 1 });
  const rules = [...nineToFive('ana'), ...nineToFive('ben'), ...nineToFive('cy')];
  const busy = (staffId: string, hourUtc: number, kind: Occupancy['kind'] = 'appointment') =>
    occupancy(staffId, `2027-03-15T${hourUtc}:00:00Z`, `2027-03-15T${hourUtc + 1}:00:00Z`, {
      kind,
    });

  it('one slot per start, naming the staff member with the fewest bookings that day', () => {
    const ctx = context({
      staff: [staffMember(), ben],
      rules,
      occupancies: [busy('ana', 13), busy('ana', 14), busy('ben', 19)],
    });
    const slots = slotsOf(ctx, { start_date: DATE });
    expect(slots.map((slot) => `${localTimes([slot])[0]} ${slot.staff_id}`)).toEqual([
      '09:00 ben',
      '10:00 ben',
      '11:00 ben',
      '12:00 ben',
      '13:00 ben',
      '14:00 ben',
      '15:00 ana',
      '16:00 ben',
    ]);
  });

  it('ties go to display order, then id', () => {
    const ctx = context({ staff: [cy, ben, staffMember({ display_order: 2 })], rules });
    expect(new Set(slotsOf(ctx, { start_date: DATE }).map((slot) => slot.staff_id))).toEqual(
      new Set(['ben']),
    );
  });

  it("counts bookings on the staff member's own date, and not external busy time", () => {
    const ctx = context({
      staff: [staffMember(), ben],
      rules,
      occupancies: [
        // Sunday 21:00 EDT (already Monday in UTC) and Tuesday: other dates for ana.
        occupancy('ana', '2027-03-15T01:00:00Z', '2027-03-15T02:00:00Z'),
        occupancy('ana', '2027-03-16T13:00:00Z', '2027-03-16T14:00:00Z'),
        // Monday evening external busy time: not a booking.
        busy('ana', 22, 'external'),
        busy('ana', 23, 'external'),
      ],
    });
    const slots = slotsOf(ctx, { start_date: DATE });
    // With nothing booked that Monday, ana's display order wins every start.
    expect(slots.map((slot) => slot.staff_id)).toEqual(Array(8).fill('ana'));
  });

  it("the service's staff list restricts who is offered; a staff filter picks one", () => {
    const ctx = context({ staff: [staffMember(), ben], rules, occupancies: [busy('ben', 13)] });
    const onlyBen = service({ available_with_staff: ['ben'] });
    expect(localTimes(slotsOf(ctx, { start_date: DATE, service: onlyBen }))).toEqual(
      allDay.slice(1),
    );
    expect(
      new Set(slotsOf(ctx, { start_date: DATE, staff_id: 'ana' }).map((s) => s.staff_id)),
    ).toEqual(new Set(['ana']));
    expect(slotsOf(ctx, { start_date: DATE, staff_id: 'ana', service: onlyBen })).toEqual([]);
    expect(slotsOf(ctx, { start_date: DATE, staff_id: 'nobody' })).toEqual([]);
  });
});

describe('group and class services', () => {
  const yoga = service({ id: 'yoga', booking_type: 'group', max_capacity: 5 });
  const session = (seats: number, fields: Partial<Occupancy> = {}) =>
    occupancy('ana', ...TEN_TO_ELEVEN, {
      kind: 'session',
      service_id: 'yoga',
      seats_taken: seats,
      capacity: 5,
      ...fields,
    });

  it('an existing session with seats left is offered with the seats left; new sessions elsewhere', () => {
    const ctx = context({ rules: nineToFive(), occupancies: [session(3)] });
    const slots = slotsOf(ctx, { start_date: DATE, service: yoga });
    expect(slots.map((slot) => `${localTimes([slot])[0]} ${slot.remaining_capacity}`)).toEqual([
      '09:00 5',
      '10:00 2',
      '11:00 5',
      '12:00 5',
      '13:00 5',
      '14:00 5',
      '15:00 5',
      '16:00 5',
    ]);
  });

  it('a full session blocks its start', () => {
    const ctx = context({ rules: nineToFive(), occupancies: [session(5)] });
    expect(localTimes(slotsOf(ctx, { start_date: DATE, service: yoga }))).not.toContain('10:00');
  });

  it('a session blocks other starts of its service and other services', () => {
    const ctx = context({ rules: nineToFive(), occupancies: [session(1)] });
    const halfHourly = { ...yoga, slot_interval_minutes: 30 };
    const times = localTimes(slotsOf(ctx, { start_date: DATE, service: halfHourly }));
    expect(times).toContain('10:00');
    expect(times).not.toContain('09:30');
    expect(times).not.toContain('10:30');
    expect(localTimes(slotsOf(ctx, { start_date: DATE }))).not.toContain('10:00');
  });

  it('a class with buffers finds its session by its own start', () => {
    const pilates = service({
      id: 'yoga',
      booking_type: 'class',
      max_capacity: 5,
      buffer_time_before: 15,
      buffer_time_after: 15,
      slot_interval_minutes: 60,
    });
    const padded = occupancy('ana', '2027-03-15T13:45:00Z', '2027-03-15T15:15:00Z', {
      kind: 'session',
      service_id: 'yoga',
      seats_taken: 4,
      capacity: 6,
    });
    const ctx = context({ rules: nineToFive(), occupancies: [padded] });
    const slots = slotsOf(ctx, { start_date: DATE, service: pilates });
    expect(slots.map((slot) => `${localTimes([slot])[0]} ${slot.remaining_capacity}`)).toEqual([
      '10:00 2',
      '12:00 5',
      '13:00 5',
      '14:00 5',
      '15:00 5',
      '16:00 5',
    ]);
    const explicit = { ...padded, session_start: new Date('2027-03-15T14:00:00Z') };
    const same = slotsOf(context({ rules: nineToFive(), occupancies: [explicit] }), {
      start_date: DATE,
      service: pilates,
    });
    expect(same).toEqual(slots);
  });

  it('any staff: joining an existing session beats a less busy colleague', () => {
    const ctx = context({
      staff: [staffMember(), staffMember({ id: 'ben', display_order: 1 })],
      rules: [...nineToFive('ana'), ...nineToFive('ben')],
      occupancies: [session(3), occupancy('ana', '2027-03-15T19:00:00Z', '2027-03-15T20:00:00Z')],
    });
    const slots = slotsOf(ctx, { start_date: DATE, service: yoga });
    expect(
      slots.map((slot) => `${localTimes([slot])[0]} ${slot.staff_id} ${slot.remaining_capacity}`),
    ).toEqual([
      '09:00 ben 5',
      '10:00 ana 2',
      '11:00 ben 5',
      '12:00 ben 5',
      '13:00 ben 5',
      '14:00 ben 5',
      '15:00 ben 5',
      '16:00 ben 5',
    ]);
  });
});

describe('findBookableSlot (the booking path)', () => {
  const ben = staffMember({ id: 'ben', display_order: 1 });
  const ctx = context({
    staff: [staffMember(), ben],
    rules: [...nineToFive('ana'), ...nineToFive('ben')],
    occupancies: [occupancy('ana', '2027-03-15T13:00:00Z', '2027-03-15T14:00:00Z')],
  });
  const ask = (start: string, fields: { staff_id?: string; now?: Date } = {}) =>
    findBookableSlot(ctx, {
      service: service(),
      start_time: new Date(start),
      now: fields.now ?? LONG_AGO,
      staff_id: fields.staff_id ?? null,
    });

  it('returns the slot the list shows, with the same staff choice', () => {
    expect(ask('2027-03-15T14:00:00Z')).toEqual({
      start_time: '2027-03-15T14:00:00Z',
      end_time: '2027-03-15T15:00:00Z',
      staff_id: 'ben',
      location_id: null,
      remaining_capacity: 1,
    });
    expect(ask('2027-03-15T13:00:00Z')?.staff_id).toBe('ben');
  });

  it.each([
    { name: 'taken for that staff member', start: '2027-03-15T13:00:00Z', staff_id: 'ana' },
    { name: 'off the grid', start: '2027-03-15T13:30:00Z' },
    { name: 'outside hours', start: '2027-03-15T21:00:00Z' },
    { name: 'in the past', start: '2027-03-15T14:00:00Z', now: new Date('2027-03-15T14:00:01Z') },
    { name: 'not on whole minutes', start: '2027-03-15T14:00:00.500Z' },
  ])('null when $name', ({ start, staff_id, now }) => {
    expect(ask(start, { staff_id, now })).toBeNull();
  });

  it('answers for an explicit staff member', () => {
    expect(ask('2027-03-15T14:00:00Z', { staff_id: 'ana' })?.staff_id).toBe('ana');
  });

  it('the last start before the limit is still bookable at the limit', () => {
    expect(ask('2027-03-15T14:00:00Z', { now: new Date('2027-03-15T14:00:00Z') })).not.toBeNull();
  });
});
