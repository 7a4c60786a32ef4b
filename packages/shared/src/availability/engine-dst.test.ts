/**
 * DST is real (DESIGN.md §3 rule 1): windows across a change are shorter or longer
 * in real time, rule times in a gap move forward, repeated times take the earlier
 * instant, and limits count calendar days. Real zones, real 2027 change dates.
 */
import { describe, expect, it } from 'vitest';
import {
  context,
  EVERY_DAY,
  localStarts,
  rule,
  service,
  slotsOf,
  staffMember,
  startsOf,
  weekly,
} from './test-fixtures.ts';

interface DstCase {
  name: string;
  zone: string;
  start_time: string;
  end_time: string;
  date: string;
  /** Minutes per slot (step = duration). */
  duration?: number;
  expected: string[];
}

function slotsFor({ zone, start_time, end_time, date, duration }: DstCase): string[] {
  const ctx = context({
    business_timezone: zone,
    staff: [staffMember({ timezone: zone })],
    rules: weekly(EVERY_DAY, start_time, end_time, { staff_id: 'ana' }),
  });
  const slots = slotsOf(ctx, {
    start_date: date,
    service: service({ duration_minutes: duration ?? 60 }),
  });
  return startsOf(slots);
}

describe('windows across a DST change', () => {
  it.each<DstCase>([
    {
      name: 'New York spring forward: 01:00–05:00 is three real hours',
      zone: 'America/New_York',
      date: '2027-03-14',
      start_time: '01:00',
      end_time: '05:00',
      expected: ['2027-03-14T06:00:00Z', '2027-03-14T07:00:00Z', '2027-03-14T08:00:00Z'],
    },
    {
      name: 'New York fall back: 01:00–05:00 is five real hours (01:00 twice)',
      zone: 'America/New_York',
      date: '2027-11-07',
      start_time: '01:00',
      end_time: '05:00',
      expected: [
        '2027-11-07T05:00:00Z',
        '2027-11-07T06:00:00Z',
        '2027-11-07T07:00:00Z',
        '2027-11-07T08:00:00Z',
        '2027-11-07T09:00:00Z',
      ],
    },
    {
      name: 'New York: a start in the gap (02:30) moves to 03:30 EDT',
      zone: 'America/New_York',
      date: '2027-03-14',
      start_time: '02:30',
      end_time: '04:00',
      duration: 30,
      expected: ['2027-03-14T07:30:00Z'],
    },
    {
      name: 'New York: 02:00–03:00 does not exist on spring-forward night',
      zone: 'America/New_York',
      date: '2027-03-14',
      start_time: '02:00',
      end_time: '03:00',
      duration: 15,
      expected: [],
    },
    {
      name: 'New York: a repeated start (01:30) is the earlier, EDT one',
      zone: 'America/New_York',
      date: '2027-11-07',
      start_time: '01:30',
      end_time: '02:00',
      duration: 30,
      // 01:30 EDT (05:30Z) to 02:00 EST (07:00Z): 90 real minutes.
      expected: ['2027-11-07T05:30:00Z', '2027-11-07T06:00:00Z', '2027-11-07T06:30:00Z'],
    },
    {
      name: 'New York: the usual 09:00 is 14:00Z the day before and 13:00Z on the change date',
      zone: 'America/New_York',
      date: '2027-03-14',
      start_time: '09:00',
      end_time: '10:00',
      expected: ['2027-03-14T13:00:00Z'],
    },
    {
      name: 'London spring forward: 00:00–03:00 is two real hours',
      zone: 'Europe/London',
      date: '2027-03-28',
      start_time: '00:00',
      end_time: '03:00',
      expected: ['2027-03-28T00:00:00Z', '2027-03-28T01:00:00Z'],
    },
    {
      name: 'London fall back: 00:00–03:00 is four real hours',
      zone: 'Europe/London',
      date: '2027-10-31',
      start_time: '00:00',
      end_time: '03:00',
      expected: [
        '2027-10-30T23:00:00Z',
        '2027-10-31T00:00:00Z',
        '2027-10-31T01:00:00Z',
        '2027-10-31T02:00:00Z',
      ],
    },
    {
      name: 'Kolkata (+05:30): 09:00 is 03:30Z',
      zone: 'Asia/Kolkata',
      date: '2027-03-15',
      start_time: '09:00',
      end_time: '12:00',
      expected: ['2027-03-15T03:30:00Z', '2027-03-15T04:30:00Z', '2027-03-15T05:30:00Z'],
    },
    {
      name: 'Lord Howe spring forward by 30 minutes: 01:00–03:00 is 90 real minutes',
      zone: 'Australia/Lord_Howe',
      date: '2027-10-03',
      start_time: '01:00',
      end_time: '03:00',
      duration: 30,
      expected: ['2027-10-02T14:30:00Z', '2027-10-02T15:00:00Z', '2027-10-02T15:30:00Z'],
    },
    {
      name: 'Lord Howe fall back by 30 minutes: 01:00–03:00 is 150 real minutes',
      zone: 'Australia/Lord_Howe',
      date: '2027-04-04',
      start_time: '01:00',
      end_time: '03:00',
      duration: 30,
      expected: [
        '2027-04-03T14:00:00Z',
        '2027-04-03T14:30:00Z',
        '2027-04-03T15:00:00Z',
        '2027-04-03T15:30:00Z',
        '2027-04-03T16:00:00Z',
      ],
    },
  ])('$name', (c) => {
    expect(slotsFor(c)).toEqual(c.expected);
  });
});

describe('past-midnight windows across a DST change', () => {
  it('New York 22:00–04:00 into spring-forward night is five real hours', () => {
    const ctx = context({ rules: weekly([6], '22:00', '04:00', { staff_id: 'ana' }) });
    const slots = slotsOf(ctx, { start_date: '2027-03-13', end_date: '2027-03-14' });
    expect(localStarts(slots)).toEqual([
      '2027-03-13 22:00',
      '2027-03-13 23:00',
      '2027-03-14 00:00',
      '2027-03-14 01:00',
      '2027-03-14 03:00',
    ]);
  });

  it('a whole-date block on spring-forward day blocks 23 real hours', () => {
    const ctx = context({
      rules: [
        ...weekly(EVERY_DAY, '00:00', '00:00', { staff_id: 'ana' }),
        rule({
          staff_id: 'ana',
          rule_type: 'block',
          specific_date: '2027-03-14',
          is_available: false,
        }),
      ],
    });
    const slots = slotsOf(ctx, { start_date: '2027-03-13', end_date: '2027-03-15' });
    const starts = startsOf(slots);
    expect(starts).toContain('2027-03-14T04:00:00Z'); // Saturday 23:00 EST
    expect(starts).not.toContain('2027-03-14T05:00:00Z'); // Sunday 00:00 EST
    expect(starts).not.toContain('2027-03-15T03:00:00Z'); // Sunday 23:00 EDT
    expect(starts).toContain('2027-03-15T04:00:00Z'); // Monday 00:00 EDT
    expect(slots).toHaveLength(24 + 24);
  });
});

describe('limits count calendar days in the staff zone', () => {
  it('max advance of 1 day from Saturday 10:00 EST ends Sunday 10:00 EDT (23 h later)', () => {
    const ctx = context({
      staff: [staffMember({ max_advance_booking_days: 1 })],
      rules: weekly(EVERY_DAY, '09:00', '17:00', { staff_id: 'ana' }),
    });
    const slots = slotsOf(ctx, {
      start_date: '2027-03-14',
      now: new Date('2027-03-13T15:00:00Z'),
    });
    expect(startsOf(slots)).toEqual(['2027-03-14T13:00:00Z', '2027-03-14T14:00:00Z']);
  });
});
