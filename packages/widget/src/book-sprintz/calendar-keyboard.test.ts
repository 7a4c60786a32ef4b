import { expect } from '@open-wc/testing';
import { keyTarget } from './calendar-keyboard.ts';

describe('month grid keys', () => {
  // Wednesday 17 March 2027.
  const from = '2027-03-17';
  const cases: [key: string, firstDay: number, shift: boolean, expected: string | undefined][] = [
    ['ArrowLeft', 7, false, '2027-03-16'],
    ['ArrowRight', 7, false, '2027-03-18'],
    ['ArrowUp', 7, false, '2027-03-10'],
    ['ArrowDown', 7, false, '2027-03-24'],
    ['Home', 7, false, '2027-03-14'],
    ['End', 7, false, '2027-03-20'],
    ['Home', 1, false, '2027-03-15'],
    ['End', 1, false, '2027-03-21'],
    ['PageUp', 1, false, '2027-02-17'],
    ['PageDown', 1, false, '2027-04-17'],
    ['PageUp', 1, true, '2026-03-17'],
    ['PageDown', 1, true, '2028-03-17'],
    ['Enter', 1, false, undefined],
    ['a', 1, false, undefined],
  ];
  for (const [key, firstDay, shift, expected] of cases) {
    it(`${shift ? 'Shift+' : ''}${key} (weeks from ${firstDay === 7 ? 'Sunday' : 'Monday'}) → ${expected}`, () => {
      expect(keyTarget(key, from, firstDay, shift)).to.equal(expected);
    });
  }

  it('PageDown from the 31st lands on the last day of a shorter month', () => {
    expect(keyTarget('PageDown', '2027-01-31', 1)).to.equal('2027-02-28');
  });
});
