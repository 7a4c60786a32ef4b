import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseLocalDate, parseWallTime } from './local-date.ts';
import { isValidZone, zoneClock } from './wall-clock.ts';

const at = (zone: string, date: string, time: string): string =>
  new Date(zoneClock(zone).toInstant(parseLocalDate(date), parseWallTime(time))).toISOString();

describe('toInstant: wall clock → instant, with the DST policy', () => {
  it.each([
    // New York, spring forward 2027-03-14 02:00 EST → 03:00 EDT: gap times move forward.
    {
      zone: 'America/New_York',
      date: '2027-03-14',
      time: '01:59',
      utc: '2027-03-14T06:59:00.000Z',
    },
    {
      zone: 'America/New_York',
      date: '2027-03-14',
      time: '02:00',
      utc: '2027-03-14T07:00:00.000Z',
    },
    {
      zone: 'America/New_York',
      date: '2027-03-14',
      time: '02:30',
      utc: '2027-03-14T07:30:00.000Z',
    },
    {
      zone: 'America/New_York',
      date: '2027-03-14',
      time: '03:00',
      utc: '2027-03-14T07:00:00.000Z',
    },
    // New York, fall back 2027-11-07 02:00 EDT → 01:00 EST: repeated times take the earlier instant.
    {
      zone: 'America/New_York',
      date: '2027-11-07',
      time: '00:59',
      utc: '2027-11-07T04:59:00.000Z',
    },
    {
      zone: 'America/New_York',
      date: '2027-11-07',
      time: '01:00',
      utc: '2027-11-07T05:00:00.000Z',
    },
    {
      zone: 'America/New_York',
      date: '2027-11-07',
      time: '01:30',
      utc: '2027-11-07T05:30:00.000Z',
    },
    {
      zone: 'America/New_York',
      date: '2027-11-07',
      time: '02:00',
      utc: '2027-11-07T07:00:00.000Z',
    },
    // London, 2027-03-28 01:00 GMT → 02:00 BST and 2027-10-31 02:00 BST → 01:00 GMT.
    { zone: 'Europe/London', date: '2027-03-28', time: '00:30', utc: '2027-03-28T00:30:00.000Z' },
    { zone: 'Europe/London', date: '2027-03-28', time: '01:30', utc: '2027-03-28T01:30:00.000Z' },
    { zone: 'Europe/London', date: '2027-03-28', time: '02:00', utc: '2027-03-28T01:00:00.000Z' },
    { zone: 'Europe/London', date: '2027-10-31', time: '01:30', utc: '2027-10-31T00:30:00.000Z' },
    { zone: 'Europe/London', date: '2027-10-31', time: '02:00', utc: '2027-10-31T02:00:00.000Z' },
    // Kolkata: +05:30 all year.
    { zone: 'Asia/Kolkata', date: '2027-03-14', time: '09:00', utc: '2027-03-14T03:30:00.000Z' },
    { zone: 'Asia/Kolkata', date: '2027-03-15', time: '00:00', utc: '2027-03-14T18:30:00.000Z' },
    // Lord Howe moves 30 minutes: 2027-04-04 02:00 (+11) → 01:30 (+10:30) and
    // 2027-10-03 02:00 (+10:30) → 02:30 (+11).
    {
      zone: 'Australia/Lord_Howe',
      date: '2027-04-04',
      time: '01:29',
      utc: '2027-04-03T14:29:00.000Z',
    },
    {
      zone: 'Australia/Lord_Howe',
      date: '2027-04-04',
      time: '01:30',
      utc: '2027-04-03T14:30:00.000Z',
    },
    {
      zone: 'Australia/Lord_Howe',
      date: '2027-04-04',
      time: '01:45',
      utc: '2027-04-03T14:45:00.000Z',
    },
    {
      zone: 'Australia/Lord_Howe',
      date: '2027-04-04',
      time: '02:00',
      utc: '2027-04-03T15:30:00.000Z',
    },
    {
      zone: 'Australia/Lord_Howe',
      date: '2027-10-03',
      time: '01:59',
      utc: '2027-10-02T15:29:00.000Z',
    },
    {
      zone: 'Australia/Lord_Howe',
      date: '2027-10-03',
      time: '02:15',
      utc: '2027-10-02T15:45:00.000Z',
    },
    {
      zone: 'Australia/Lord_Howe',
      date: '2027-10-03',
      time: '02:30',
      utc: '2027-10-02T15:30:00.000Z',
    },
    // Auckland: 2027-04-04 03:00 NZDT → 02:00 NZST; 2027-09-26 02:00 NZST → 03:00 NZDT.
    {
      zone: 'Pacific/Auckland',
      date: '2027-04-04',
      time: '02:30',
      utc: '2027-04-03T13:30:00.000Z',
    },
    {
      zone: 'Pacific/Auckland',
      date: '2027-09-26',
      time: '02:30',
      utc: '2027-09-25T14:30:00.000Z',
    },
    // 24:00 is the next midnight.
    {
      zone: 'America/New_York',
      date: '2027-03-13',
      time: '24:00',
      utc: '2027-03-14T05:00:00.000Z',
    },
  ])('$zone $date $time → $utc', ({ zone, date, time, utc }) => {
    expect(at(zone, date, time)).toBe(utc);
  });

  const zones = [
    'America/New_York',
    'America/Los_Angeles',
    'Europe/London',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Pacific/Auckland',
    'America/Santiago',
  ];

  it('agrees with the zone rules: round-trips, or is the earliest match, or skips a gap forward', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: parseLocalDate('2026-12-01'), max: parseLocalDate('2028-01-31') }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, day, minute) => {
          const instant = zoneClock(zone).toInstant(day, minute);
          const local = DateTime.fromMillis(instant, { zone });
          const wall = local.hour * 60 + local.minute;
          const sameDate = zoneClock(zone).dayOf(instant) === day;
          if (sameDate && wall === minute) {
            // Earliest: no instant up to 3 h earlier shows the same wall clock (offsets
            // change by multiples of 15 minutes).
            for (let back = 15; back <= 180; back += 15) {
              const earlier = DateTime.fromMillis(instant - back * 60_000, { zone });
              expect(
                earlier.hour * 60 + earlier.minute === minute && earlier.day === local.day,
              ).toBe(false);
            }
          } else {
            // A gap: the time does not exist, and Luxon (which shifts gaps forward) agrees.
            const {
              year,
              month,
              day: dom,
            } = DateTime.fromMillis(day * 86_400_000, { zone: 'UTC' });
            const luxon = DateTime.fromObject(
              { year, month, day: dom, hour: Math.floor(minute / 60), minute: minute % 60 },
              { zone },
            );
            expect(instant).toBe(luxon.toMillis());
            expect(luxon.hour * 60 + luxon.minute).not.toBe(minute);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('dayOf and plusDays', () => {
  it.each([
    { zone: 'America/New_York', utc: '2027-03-15T03:59:00Z', date: '2027-03-14' },
    { zone: 'America/New_York', utc: '2027-03-15T04:00:00Z', date: '2027-03-15' },
    { zone: 'Asia/Kolkata', utc: '2027-03-14T18:29:00Z', date: '2027-03-14' },
    { zone: 'Asia/Kolkata', utc: '2027-03-14T18:30:00Z', date: '2027-03-15' },
    { zone: 'Pacific/Auckland', utc: '2027-03-14T11:00:00Z', date: '2027-03-15' },
  ])('$utc is $date in $zone', ({ zone, utc, date }) => {
    expect(zoneClock(zone).dayOf(Date.parse(utc))).toBe(parseLocalDate(date));
  });

  it('adds calendar days, keeping the wall clock across a DST change', () => {
    const ny = zoneClock('America/New_York');
    const saturday10 = Date.parse('2027-03-13T15:00:00Z'); // 10:00 EST
    expect(new Date(ny.plusDays(saturday10, 1)).toISOString()).toBe('2027-03-14T14:00:00.000Z');
    expect(ny.plusDays(saturday10, 1) - saturday10).toBe(23 * 3_600_000);
    const withSeconds = Date.parse('2027-03-13T15:00:42.500Z');
    expect(new Date(ny.plusDays(withSeconds, 2)).toISOString()).toBe('2027-03-15T14:00:42.500Z');
  });
});

describe('zones', () => {
  it('knows real zones and rejects others', () => {
    expect(isValidZone('Australia/Lord_Howe')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => zoneClock('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
