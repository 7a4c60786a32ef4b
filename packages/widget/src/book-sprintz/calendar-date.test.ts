import { expect } from '@open-wc/testing';
import {
  addDays,
  addMonths,
  dateIn,
  firstDayOfWeek,
  monthEnd,
  monthWeeks,
  startOfWeek,
  todayIn,
  weekday,
} from './calendar-date.ts';

describe('calendar dates', () => {
  const cases: [string, number, string][] = [
    ['2027-03-13', 1, '2027-03-14'],
    // US spring-forward weekend: a calendar day is still one day.
    ['2027-03-14', 1, '2027-03-15'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-12-31', 1, '2028-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2027-03-01', -7, '2027-02-22'],
  ];
  for (const [date, days, expected] of cases) {
    it(`${date} + ${days} days = ${expected}`, () => {
      expect(addDays(date, days)).to.equal(expected);
    });
  }

  it('adds months, clamping to the month’s length', () => {
    expect(addMonths('2027-01-31', 1)).to.equal('2027-02-28');
    expect(addMonths('2028-01-31', 1)).to.equal('2028-02-29');
    expect(addMonths('2027-12-15', 1)).to.equal('2028-01-15');
    expect(addMonths('2027-01-15', -1)).to.equal('2026-12-15');
    expect(addMonths('2027-03-31', -12)).to.equal('2026-03-31');
    expect(monthEnd('2027-02-10')).to.equal('2027-02-28');
  });

  it('knows weekdays and week starts', () => {
    expect(weekday('2027-03-15')).to.equal(1); // Monday
    expect(weekday('2027-03-14')).to.equal(7); // Sunday
    expect(startOfWeek('2027-03-17', 1)).to.equal('2027-03-15');
    expect(startOfWeek('2027-03-17', 7)).to.equal('2027-03-14');
    expect(startOfWeek('2027-03-14', 7)).to.equal('2027-03-14');
  });

  it('first day of the week follows the locale', () => {
    expect(firstDayOfWeek('en-US')).to.equal(7);
    expect(firstDayOfWeek('en-GB')).to.equal(1);
    expect(firstDayOfWeek('fr')).to.equal(1);
    expect(firstDayOfWeek('es-MX')).to.equal(7);
    expect(firstDayOfWeek('es-ES')).to.equal(1);
  });

  it('lays out a month as weeks with padding', () => {
    // March 2027 starts on a Monday.
    const sundayFirst = monthWeeks('2027-03-01', 7);
    expect(sundayFirst[0]).to.deep.equal([
      null,
      '2027-03-01',
      '2027-03-02',
      '2027-03-03',
      '2027-03-04',
      '2027-03-05',
      '2027-03-06',
    ]);
    expect(sundayFirst.flat().filter(Boolean)).to.have.length(31);
    const mondayFirst = monthWeeks('2027-03-01', 1);
    expect(mondayFirst[0]![0]).to.equal('2027-03-01');
    expect(mondayFirst).to.have.length(5);
  });

  it('reads the date of an instant in a zone', () => {
    const instant = new Date('2027-03-15T02:30:00Z');
    expect(dateIn(instant, 'UTC')).to.equal('2027-03-15');
    expect(dateIn(instant, 'America/Los_Angeles')).to.equal('2027-03-14');
    expect(dateIn(instant, 'Asia/Tokyo')).to.equal('2027-03-15');
  });

  it('today changes at the zone’s midnight to the millisecond, asked for however often', () => {
    // New York's midnight on 15 March 2027 (EDT, UTC−4) is 04:00Z.
    const midnight = Date.parse('2027-03-15T04:00:00Z');
    for (const [ms, expected] of [
      [-60_001, '2027-03-14'],
      [-1, '2027-03-14'],
      [0, '2027-03-15'],
      [59_999, '2027-03-15'],
      [-1, '2027-03-14'],
    ] as const) {
      for (let again = 0; again < 3; again++) {
        expect(todayIn('America/New_York', new Date(midnight + ms))).to.equal(expected);
      }
      expect(todayIn('Asia/Kolkata', new Date(midnight + ms))).to.equal('2027-03-15');
    }
  });
});
