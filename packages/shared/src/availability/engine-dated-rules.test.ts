/**
 * DESIGN.md §3 rule 1, dated rules: overrides replace a date's weekly hours, blocks
 * subtract time. New York staff, 60-minute service; 2027-03-15 is a Monday (EDT).
 */
import { describe, expect, it } from 'vitest';
import { EVERY_DAY, type RuleCase, rule, runRuleCase, weekly } from './test-fixtures.ts';

const MON = 1;
const _THU = 4;
const ana = { staff_id: 'ana' };
const nineToFive = weekly([MON, 2, 3, 4, 5], '09:00', '17:00', ana);
const allDay = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'];

describe('overrides', () => {
  it.each<RuleCase>([
    {
      name: 'replace the weekly hours on their date only',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-15',
          start_time: '12:00',
          end_time: '14:00',
        }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      expected: ['2027-03-15 12:00', '2027-03-15 13:00', ...allDay.map((t) => `2027-03-16 ${t}`)],
    },
    {
      name: 'open a date with no weekly hours',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-20',
          start_time: '10:00',
          end_time: '12:00',
        }),
      ],
      start_date: '2027-03-20',
      expected: ['10:00', '11:00'],
    },
    {
      name: 'a date range of overrides',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'override',
          date_range_start: '2027-03-15',
          date_range_end: '2027-03-16',
          start_time: '10:00',
          end_time: '12:00',
        }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-17',
      expected: [
        '2027-03-15 10:00',
        '2027-03-15 11:00',
        '2027-03-16 10:00',
        '2027-03-16 11:00',
        ...allDay.map((t) => `2027-03-17 ${t}`),
      ],
    },
    {
      name: 'unavailable with no times closes the day',
      rules: [
        ...nineToFive,
        rule({ ...ana, rule_type: 'override', specific_date: '2027-03-15', is_available: false }),
      ],
      start_date: '2027-03-15',
      expected: [],
    },
    {
      name: 'unavailable with times cuts the usual hours',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-15',
          start_time: '10:00',
          end_time: '15:00',
          is_available: false,
        }),
      ],
      start_date: '2027-03-15',
      expected: ['09:00', '15:00', '16:00'],
    },
    {
      name: 'higher priority wins a date',
      rules: [
        ...nineToFive,
        rule({ ...ana, rule_type: 'override', specific_date: '2027-03-15', is_available: false }),
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-15',
          start_time: '11:00',
          end_time: '13:00',
          priority: 5,
        }),
      ],
      start_date: '2027-03-15',
      expected: ['11:00', '12:00'],
    },
    {
      name: 'a specific date beats a date range of the same priority',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'override',
          date_range_start: '2027-03-01',
          date_range_end: '2027-03-31',
          start_time: '10:00',
          end_time: '16:00',
        }),
        rule({ ...ana, rule_type: 'override', specific_date: '2027-03-15', is_available: false }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      expected: ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00'].map(
        (t) => `2027-03-16 ${t}`,
      ),
    },
    {
      name: 'a closed day wins over open overrides of the same rank',
      rules: [
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-15',
          start_time: '10:00',
          end_time: '12:00',
        }),
        rule({ ...ana, rule_type: 'override', specific_date: '2027-03-15', is_available: false }),
      ],
      start_date: '2027-03-15',
      expected: [],
    },
  ])('$name', (c) => {
    expect(runRuleCase(c)).toEqual(c.expected);
  });
});

describe('blocks', () => {
  it.each<RuleCase>([
    {
      name: 'a whole date',
      rules: [
        ...nineToFive,
        rule({ ...ana, rule_type: 'block', specific_date: '2027-03-16', is_available: false }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-17',
      expected: [...allDay.map((t) => `2027-03-15 ${t}`), ...allDay.map((t) => `2027-03-17 ${t}`)],
    },
    {
      name: 'times on a date: the grid restarts after the block',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'block',
          specific_date: '2027-03-15',
          start_time: '11:30',
          end_time: '12:15',
          is_available: false,
        }),
      ],
      start_date: '2027-03-15',
      expected: ['09:00', '10:00', '12:15', '13:15', '14:15', '15:15'],
    },
    {
      name: 'a date range (vacation)',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'block',
          date_range_start: '2027-03-15',
          date_range_end: '2027-03-18',
          is_available: false,
        }),
      ],
      start_date: '2027-03-14',
      end_date: '2027-03-20',
      expected: allDay.map((t) => `2027-03-19 ${t}`),
    },
    {
      name: 'times every day of a range',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'block',
          date_range_start: '2027-03-15',
          date_range_end: '2027-03-16',
          start_time: '09:00',
          end_time: '15:00',
          is_available: false,
        }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-17',
      expected: [
        '2027-03-15 15:00',
        '2027-03-15 16:00',
        '2027-03-16 15:00',
        '2027-03-16 16:00',
        ...allDay.map((t) => `2027-03-17 ${t}`),
      ],
    },
    {
      name: "a whole-date block also cuts the previous night's tail",
      rules: [
        ...weekly([MON], '22:00', '02:00', ana),
        rule({ ...ana, rule_type: 'block', specific_date: '2027-03-16', is_available: false }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-16',
      expected: ['2027-03-15 22:00', '2027-03-15 23:00'],
    },
    {
      name: 'a block past midnight',
      rules: [
        ...weekly(EVERY_DAY, '20:00', '04:00', ana),
        rule({
          ...ana,
          rule_type: 'block',
          specific_date: '2027-03-15',
          start_time: '23:00',
          end_time: '01:00',
          is_available: false,
        }),
      ],
      start_date: '2027-03-15',
      end_date: '2027-03-15',
      expected: [
        '2027-03-15 00:00',
        '2027-03-15 01:00',
        '2027-03-15 02:00',
        '2027-03-15 03:00',
        '2027-03-15 20:00',
        '2027-03-15 21:00',
        '2027-03-15 22:00',
      ],
    },
    {
      name: 'a block overrides an override',
      rules: [
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-20',
          start_time: '10:00',
          end_time: '13:00',
        }),
        rule({
          ...ana,
          rule_type: 'block',
          specific_date: '2027-03-20',
          start_time: '11:00',
          end_time: '12:00',
          is_available: false,
        }),
      ],
      start_date: '2027-03-20',
      expected: ['10:00', '12:00'],
    },
  ])('$name', (c) => {
    expect(runRuleCase(c)).toEqual(c.expected);
  });
});
