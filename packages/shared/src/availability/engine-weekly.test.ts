/**
 * DESIGN.md §3 rule 1, weekly hours: which local times a staff member in New York
 * offers for a 60-minute service (step 60). 2027-03-15 is a Monday (EDT).
 */
import { describe, expect, it } from 'vitest';
import { type RuleCase, rule, runRuleCase, weekly } from './test-fixtures.ts';

const MON = 1;
const THU = 4;
const ana = { staff_id: 'ana' };
const nineToFive = weekly([MON, 2, 3, 4, 5], '09:00', '17:00', ana);
const allDay = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'];

describe('recurring (weekly) hours', () => {
  it.each<RuleCase>([
    { name: 'no rules: closed', rules: [], start_date: '2027-03-15', expected: [] },
    {
      name: 'weekly hours on the weekday',
      rules: weekly([MON], '09:00', '12:00', ana),
      start_date: '2027-03-15',
      expected: ['09:00', '10:00', '11:00'],
    },
    {
      name: 'another weekday only',
      rules: weekly([2], '09:00', '12:00', ana),
      start_date: '2027-03-15',
      expected: [],
    },
    {
      name: 'no day_of_week: every day',
      rules: [rule({ ...ana, start_time: '09:00', end_time: '11:00' })],
      start_date: '2027-03-20',
      expected: ['09:00', '10:00'],
    },
    {
      name: 'Postgres TIME strings (HH:MM:SS)',
      rules: weekly([MON], '09:00:00', '11:00:00', ana),
      start_date: '2027-03-15',
      expected: ['09:00', '10:00'],
    },
    {
      name: 'two shifts: the grid restarts at the second',
      rules: [...weekly([MON], '09:00', '11:30', ana), ...weekly([MON], '12:15', '14:15', ana)],
      start_date: '2027-03-15',
      expected: ['09:00', '10:00', '12:15', '13:15'],
    },
    {
      name: 'overlapping rules merge into one window',
      rules: [...weekly([MON], '09:00', '11:00', ana), ...weekly([MON], '10:30', '12:00', ana)],
      start_date: '2027-03-15',
      expected: ['09:00', '10:00', '11:00'],
    },
    {
      name: 'date range start excludes earlier dates',
      rules: weekly([MON], '09:00', '11:00', { ...ana, date_range_start: '2027-03-16' }),
      start_date: '2027-03-15',
      expected: [],
    },
    {
      name: 'date range end is inclusive',
      rules: weekly([MON], '09:00', '11:00', { ...ana, date_range_end: '2027-03-15' }),
      start_date: '2027-03-15',
      end_date: '2027-03-22',
      expected: ['2027-03-15 09:00', '2027-03-15 10:00'],
    },
    {
      name: 'biweekly counts fortnights from the week of date_range_start (a Wednesday)',
      rules: weekly([MON, THU], '09:00', '10:00', {
        ...ana,
        recurrence_pattern: 'biweekly',
        date_range_start: '2027-03-10',
      }),
      start_date: '2027-03-07',
      end_date: '2027-03-27',
      expected: ['2027-03-11 09:00', '2027-03-22 09:00', '2027-03-25 09:00'],
    },
    {
      name: 'higher-priority weekly hours win their dates (seasonal hours)',
      rules: [
        ...nineToFive,
        ...weekly([MON], '10:00', '13:00', {
          ...ana,
          priority: 1,
          date_range_start: '2027-03-15',
          date_range_end: '2027-03-21',
        }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-22',
      expected: [
        '2027-03-15 10:00',
        '2027-03-15 11:00',
        '2027-03-15 12:00',
        ...allDay.map((t) => `2027-03-16 ${t}`),
        ...allDay.map((t) => `2027-03-17 ${t}`),
        ...allDay.map((t) => `2027-03-18 ${t}`),
        ...allDay.map((t) => `2027-03-19 ${t}`),
        ...allDay.map((t) => `2027-03-22 ${t}`),
      ],
    },
    {
      name: 'weekly unavailable time (lunch) cuts the hours',
      rules: [...nineToFive, ...weekly([MON], '12:00', '13:00', { ...ana, is_available: false })],
      start_date: '2027-03-15',
      expected: ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
    },
  ])('$name', (c) => {
    expect(runRuleCase(c)).toEqual(c.expected);
  });
});

describe('windows past midnight', () => {
  it.each<RuleCase>([
    {
      name: '22:00–02:00 runs into the next local date',
      rules: weekly([MON], '22:00', '02:00', ana),
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      expected: ['2027-03-15 22:00', '2027-03-15 23:00', '2027-03-16 00:00', '2027-03-16 01:00'],
    },
    {
      name: 'a slot may straddle midnight',
      rules: weekly([MON], '22:30', '01:00', ana),
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      expected: ['2027-03-15 22:30', '2027-03-15 23:30'],
    },
    {
      name: "the previous date's tail shows on the first requested date",
      rules: weekly([0], '23:00', '02:00', ana),
      start_date: '2027-03-15',
      end_date: '2027-03-15',
      expected: ['2027-03-15 00:00', '2027-03-15 01:00'],
    },
    {
      name: 'end equal to start: 24 hours',
      rules: weekly([MON], '20:00', '20:00', ana),
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      expected: [20, 21, 22, 23]
        .map((h) => `2027-03-15 ${h}:00`)
        .concat(
          Array.from({ length: 20 }, (_, h) => `2027-03-16 ${String(h).padStart(2, '0')}:00`),
        ),
    },
    {
      name: "a night shift meeting the next date's hours is one window",
      rules: [...weekly([MON], '22:30', '02:00', ana), ...weekly([2], '02:00', '04:00', ana)],
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      // 01:30 straddles the seam; the second date's grid restarts at 02:00.
      expected: [
        '2027-03-15 22:30',
        '2027-03-15 23:30',
        '2027-03-16 00:30',
        '2027-03-16 01:30',
        '2027-03-16 02:00',
        '2027-03-16 03:00',
      ],
    },
  ])('$name', (c) => {
    expect(runRuleCase(c)).toEqual(c.expected);
  });
});
