/**
 * Open time of a staff member between two instants (utilisation's denominator and the
 * owner calendar's shading): the same rules as slots, summed in minutes.
 */
import { describe, expect, it } from 'vitest';
import { staffOpenIntervals } from './open-time.ts';
import { context, type RuleCase, rule, WEEKDAYS, weekly } from './test-fixtures.ts';

const ana = { staff_id: 'ana' };
const nineToFive = weekly(WEEKDAYS, '09:00', '17:00', ana);

function openMinutes(rules: RuleCase['rules'], from: string, to: string, extra = {}): number {
  return staffOpenIntervals(
    context({ rules, ...extra }),
    'ana',
    Date.parse(from),
    Date.parse(to),
  ).reduce((sum, piece) => sum + (piece.end - piece.start) / 60_000, 0);
}

describe('staffOpenIntervals', () => {
  it.each([
    // 2027-03-15 is a Monday; New York is UTC−4 (EDT) that week.
    {
      name: 'a week of 9–5 weekdays',
      rules: nineToFive,
      from: '2027-03-15T04:00:00Z',
      to: '2027-03-22T04:00:00Z',
      minutes: 5 * 8 * 60,
    },
    {
      name: 'one day',
      rules: nineToFive,
      from: '2027-03-15T04:00:00Z',
      to: '2027-03-16T04:00:00Z',
      minutes: 8 * 60,
    },
    {
      name: 'a weekend',
      rules: nineToFive,
      from: '2027-03-20T04:00:00Z',
      to: '2027-03-22T04:00:00Z',
      minutes: 0,
    },
    {
      name: 'a day off (block) on Wednesday',
      rules: [
        ...nineToFive,
        rule({ ...ana, rule_type: 'block', is_available: false, specific_date: '2027-03-17' }),
      ],
      from: '2027-03-15T04:00:00Z',
      to: '2027-03-22T04:00:00Z',
      minutes: 4 * 8 * 60,
    },
    {
      name: 'two hours blocked on Monday',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'block',
          is_available: false,
          specific_date: '2027-03-15',
          start_time: '12:00',
          end_time: '14:00',
        }),
      ],
      from: '2027-03-15T04:00:00Z',
      to: '2027-03-16T04:00:00Z',
      minutes: 6 * 60,
    },
    {
      name: 'an override replacing Tuesday with 10–12',
      rules: [
        ...nineToFive,
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-16',
          start_time: '10:00',
          end_time: '12:00',
        }),
      ],
      from: '2027-03-16T04:00:00Z',
      to: '2027-03-17T04:00:00Z',
      minutes: 2 * 60,
    },
    // The week of the spring change (Sunday 2027-03-14): wall-clock hours, not 24 h days.
    {
      name: 'the DST week still has 40 open hours',
      rules: nineToFive,
      from: '2027-03-08T05:00:00Z',
      to: '2027-03-15T04:00:00Z',
      minutes: 5 * 8 * 60,
    },
    {
      name: 'a range cut mid-window counts only inside it',
      rules: nineToFive,
      from: '2027-03-15T15:00:00Z',
      to: '2027-03-15T17:30:00Z',
      minutes: 150,
    },
    {
      name: 'service-specific hours do not count as general open time',
      rules: [...nineToFive, ...weekly([6], '09:00', '12:00', { ...ana, service_id: 'yoga' })],
      from: '2027-03-20T04:00:00Z',
      to: '2027-03-21T04:00:00Z',
      minutes: 0,
    },
  ])('$name', ({ rules, from, to, minutes }) => {
    expect(openMinutes(rules, from, to)).toBe(minutes);
  });

  it('is empty for an unknown staff member or an empty range', () => {
    const ctx = context({ rules: nineToFive });
    expect(staffOpenIntervals(ctx, 'nobody', 0, Date.parse('2030-01-01T00:00:00Z'))).toEqual([]);
    expect(staffOpenIntervals(ctx, 'ana', 10, 10)).toEqual([]);
  });

  it('is narrowed by the hours of the location the person works at', () => {
    const rules = [...nineToFive, ...weekly(WEEKDAYS, '10:00', '14:00', { location_id: 'shop' })];
    const minutes = openMinutes(rules, '2027-03-15T04:00:00Z', '2027-03-16T04:00:00Z', {
      locations: [{ id: 'shop', timezone: 'America/New_York' }],
    });
    expect(minutes).toBe(4 * 60);
  });
});
