import { describe, expect, it } from 'vitest';
import {
  formatLocalDate,
  parseLocalDate,
  parseWallTime,
  weekdayOf,
  weekIndexOf,
} from './local-date.ts';

describe('local dates', () => {
  it.each([
    { date: '1970-01-01', epochDay: 0, weekday: 4 },
    { date: '2027-03-14', epochDay: 20891, weekday: 0 },
    { date: '2027-02-28', epochDay: 20877, weekday: 0 },
    { date: '2028-02-29', epochDay: 21243, weekday: 2 },
    { date: '1969-12-28', epochDay: -4, weekday: 0 },
  ])('$date is day $epochDay, weekday $weekday', ({ date, epochDay, weekday }) => {
    expect(parseLocalDate(date)).toBe(epochDay);
    expect(formatLocalDate(epochDay)).toBe(date);
    expect(weekdayOf(epochDay)).toBe(weekday);
  });

  it.each(['2027-02-29', '2027-13-01', '2027-3-1', '27-03-01', '2027-03-01T00:00', ''])(
    'rejects %j',
    (text) => {
      expect(() => parseLocalDate(text)).toThrow(RangeError);
    },
  );

  it('counts Sunday-based weeks', () => {
    const sunday = parseLocalDate('2027-03-14');
    expect(weekIndexOf(sunday - 1)).toBe(weekIndexOf(sunday) - 1); // Saturday before
    expect(weekIndexOf(sunday + 6)).toBe(weekIndexOf(sunday)); // Saturday after
    expect(weekIndexOf(sunday + 7)).toBe(weekIndexOf(sunday) + 1);
  });
});

describe('wall-clock times', () => {
  it.each([
    { text: '00:00', minutes: 0 },
    { text: '09:30', minutes: 570 },
    { text: '23:59', minutes: 1439 },
    { text: '24:00', minutes: 1440 },
    { text: '17:00:00', minutes: 1020 },
    { text: '08:15:59', minutes: 495 },
  ])('$text is $minutes minutes', ({ text, minutes }) => {
    expect(parseWallTime(text)).toBe(minutes);
  });

  it.each(['9:00', '24:01', '12:60', '25:00', 'noon', ''])('rejects %j', (text) => {
    expect(() => parseWallTime(text)).toThrow(RangeError);
  });
});
