import { describe, expect, it } from 'vitest';
import { type BusyReadOptions, busyFromIcs } from './busy-times.ts';

const options: BusyReadOptions = {
  from: new Date('2030-03-04T00:00:00Z'),
  to: new Date('2030-03-25T00:00:00Z'),
  zone: 'America/New_York',
  allDayBlocks: true,
  tentativeBlocks: true,
  attendeeEmails: ['ana@salon.example'],
};

const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) =>
  ['BEGIN:VEVENT', 'DTSTAMP:20300101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
const iso = (items: Array<{ start: Date; end: Date }>) =>
  items.map((item) => [item.start.toISOString(), item.end.toISOString()]);

describe('busy times from iCalendar', () => {
  it('Cal.com #4215: every occurrence of a recurring event blocks, minus EXDATE, with the moved one moved', () => {
    const text = calendar(
      event(
        'UID:weekly@test',
        'DTSTART;TZID=America/New_York:20300305T100000',
        'DTEND;TZID=America/New_York:20300305T110000',
        'RRULE:FREQ=WEEKLY;COUNT=4',
        'EXDATE;TZID=America/New_York:20300312T100000',
      ),
      event(
        'UID:weekly@test',
        'RECURRENCE-ID;TZID=America/New_York:20300319T100000',
        'DTSTART;TZID=America/New_York:20300319T150000',
        'DTEND;TZID=America/New_York:20300319T160000',
      ),
    );
    // 2030-03-10 is the US spring-forward: 10:00 EST is 15:00Z, 10:00 EDT is 14:00Z.
    // The fourth (03-26) lies after the window.
    expect(iso(busyFromIcs(text, options))).toEqual([
      ['2030-03-05T15:00:00.000Z', '2030-03-05T16:00:00.000Z'],
      ['2030-03-19T19:00:00.000Z', '2030-03-19T20:00:00.000Z'],
    ]);
  });

  it('a cancelled occurrence of a recurring event does not block', () => {
    const text = calendar(
      event(
        'UID:daily@test',
        'DTSTART:20300305T140000Z',
        'DURATION:PT1H',
        'RRULE:FREQ=DAILY;COUNT=2',
      ),
      event(
        'UID:daily@test',
        'RECURRENCE-ID:20300306T140000Z',
        'DTSTART:20300306T140000Z',
        'DURATION:PT1H',
        'STATUS:CANCELLED',
      ),
    );
    expect(iso(busyFromIcs(text, options))).toEqual([
      ['2030-03-05T14:00:00.000Z', '2030-03-05T15:00:00.000Z'],
    ]);
  });

  it('Cal.com #2240: an all-day event occupies the staff member’s local day, not the UTC one', () => {
    const text = calendar(
      event('UID:off@test', 'DTSTART;VALUE=DATE:20300306', 'DTEND;VALUE=DATE:20300308'),
    );
    expect(iso(busyFromIcs(text, options))).toEqual([
      ['2030-03-06T05:00:00.000Z', '2030-03-08T05:00:00.000Z'],
    ]);
    expect(busyFromIcs(text, { ...options, allDayBlocks: false })).toEqual([]);
  });

  it('Cal.com #2236: a free (TRANSP:TRANSPARENT) event never blocks', () => {
    const text = calendar(
      event(
        'UID:free@test',
        'DTSTART:20300305T140000Z',
        'DTEND:20300305T150000Z',
        'TRANSP:TRANSPARENT',
      ),
    );
    expect(busyFromIcs(text, options)).toEqual([]);
  });

  it('tentative events block unless the owner turns that off', () => {
    const text = calendar(
      event(
        'UID:maybe@test',
        'DTSTART:20300305T140000Z',
        'DTEND:20300305T150000Z',
        'STATUS:TENTATIVE',
      ),
      event(
        'UID:maybe-invite@test',
        'DTSTART:20300306T140000Z',
        'DTEND:20300306T150000Z',
        'ATTENDEE;PARTSTAT=TENTATIVE:mailto:Ana@Salon.example',
      ),
    );
    expect(busyFromIcs(text, options)).toHaveLength(2);
    expect(busyFromIcs(text, { ...options, tentativeBlocks: false })).toEqual([]);
  });

  it('an invitation the staff member declined never blocks; one someone else declined does', () => {
    const text = calendar(
      event(
        'UID:declined@test',
        'DTSTART:20300305T140000Z',
        'DTEND:20300305T150000Z',
        'ATTENDEE;PARTSTAT=DECLINED:mailto:ana@salon.example',
      ),
      event(
        'UID:other-declined@test',
        'DTSTART:20300306T140000Z',
        'DTEND:20300306T150000Z',
        'ATTENDEE;PARTSTAT=DECLINED:mailto:bob@elsewhere.example',
        'ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@salon.example',
      ),
    );
    expect(busyFromIcs(text, options).map((item) => item.uid)).toEqual(['other-declined@test']);
  });

  it('an event that began before the window and runs into it still blocks; one that ended does not', () => {
    const text = calendar(
      event('UID:long@test', 'DTSTART:20300301T000000Z', 'DTEND:20300305T000000Z'),
      event('UID:over@test', 'DTSTART:20300301T000000Z', 'DTEND:20300302T000000Z'),
      event(
        'UID:weekly-old@test',
        'DTSTART:20200101T090000Z',
        'DURATION:PT1H',
        'RRULE:FREQ=WEEKLY',
      ),
    );
    const busy = busyFromIcs(text, options);
    expect(busy.filter((item) => item.uid === 'long@test')).toHaveLength(1);
    expect(busy.filter((item) => item.uid === 'over@test')).toHaveLength(0);
    // A weekly event from 2020 still has its 2030 occurrences (three Wednesdays in the window).
    expect(busy.filter((item) => item.uid === 'weekly-old@test')).toHaveLength(3);
  });

  it('a floating time is the staff member’s wall clock; a VTIMEZONE-only zone is read from the file', () => {
    const text = calendar(
      [
        'BEGIN:VTIMEZONE',
        'TZID:Custom Eastern',
        'BEGIN:STANDARD',
        'DTSTART:19701101T020000',
        'TZOFFSETFROM:-0400',
        'TZOFFSETTO:-0500',
        'END:STANDARD',
        'END:VTIMEZONE',
      ].join('\r\n'),
      event('UID:floating@test', 'DTSTART:20300305T090000', 'DTEND:20300305T100000'),
      event(
        'UID:custom@test',
        'DTSTART;TZID=Custom Eastern:20300306T090000',
        'DTEND;TZID=Custom Eastern:20300306T100000',
      ),
    );
    expect(iso(busyFromIcs(text, options))).toEqual([
      ['2030-03-05T14:00:00.000Z', '2030-03-05T15:00:00.000Z'],
      ['2030-03-06T14:00:00.000Z', '2030-03-06T15:00:00.000Z'],
    ]);
  });
});
