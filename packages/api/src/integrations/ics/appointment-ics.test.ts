import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  appointmentIcs,
  appointmentUid,
  type CalendarEvent,
  calendarInvite,
  calendarSequence,
  type InviteDetails,
} from './appointment-ics.ts';

const event: CalendarEvent = {
  uid: appointmentUid('6f1c4a52-0000-4000-8000-000000000001'),
  sequence: 0,
  start: '2027-11-07T15:00:00.000Z',
  end: '2027-11-07T16:00:00.000Z',
  summary: 'Haircut — Demo Salon',
  description: 'With Alex; code K7M2Q9XD',
  location: '123 Main Street, New York',
  url: 'https://book.example.com/manage/demo/6f1c4a52?token=abc',
  organizer: { name: 'Demo Salon', email: 'hello@demo.example' },
  attendee: { name: 'Ana, "the client"', email: 'ana@example.com' },
  stamp: '2027-11-01T12:00:00.000Z',
};
const details: InviteDetails = { ...event, method: 'REQUEST' };

const parse = (text: string) => new ICAL.Component(ICAL.parse(text) as unknown[]);

describe('appointmentIcs', () => {
  it('writes a REQUEST with the stable UID in UTC', () => {
    const text = calendarInvite(details);
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toContain('UID:6f1c4a52-0000-4000-8000-000000000001@booksprintz');
    expect(text).toContain('SEQUENCE:0');
    expect(text).toContain('DTSTART:20271107T150000Z');
    expect(text).toContain('STATUS:CONFIRMED');
    expect(text).toMatch(/ORGANIZER;CN="?Demo Salon"?:mailto:hello@demo.example/);
    expect(text).toContain('ATTENDEE');
  });

  it('writes a CANCEL with the sequence it is given', () => {
    const text = calendarInvite({ ...details, method: 'CANCEL', sequence: 3 });
    expect(text).toContain('METHOD:CANCEL');
    expect(text).toContain('SEQUENCE:3');
    expect(text).toContain('STATUS:CANCELLED');
  });

  it('publishes a download with one PRODID, the manage link, and no attendee', () => {
    const text = appointmentIcs(event, 'PUBLISH');
    expect(text).toContain('METHOD:PUBLISH');
    expect(text).toContain('PRODID:-//BookSprintz//Booking//EN');
    expect(calendarInvite(details)).toContain('PRODID:-//BookSprintz//Booking//EN');
    expect(text).not.toContain('ATTENDEE');
    const vevent = parse(text).getFirstSubcomponent('vevent');
    expect(vevent?.getFirstPropertyValue('url')).toBe(event.url);
  });

  it('cannot be made to carry extra properties or events through the calendar name', () => {
    const name =
      'Evil Spa\r\nBEGIN:VEVENT\r\nSUMMARY:Free money\r\nEND:VEVENT\nX-INJECTED:1; a,b\\';
    const text = appointmentIcs(event, 'PUBLISH', { calendarName: name });
    expect(text.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    expect(text).not.toMatch(/^X-INJECTED/m);
    const calendar = parse(text);
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);
    // ical.js leaves NAME / X-WR-CALNAME (no TEXT type it knows) escaped: read them as TEXT.
    const text5545 = (value: unknown) =>
      String(value).replace(/\\([\\;,nN])/g, (_, char: string) =>
        char.toLowerCase() === 'n' ? '\n' : char,
      );
    expect(text5545(calendar.getFirstPropertyValue('name'))).toBe(name.replace(/\s+/g, ' '));
    expect(text5545(calendar.getFirstPropertyValue('x-wr-calname'))).toBe(
      'Evil Spa BEGIN:VEVENT SUMMARY:Free money END:VEVENT X-INJECTED:1; a,b\\',
    );
  });

  it('counts a cancellation as a change of the event', () => {
    expect(calendarSequence({ sequence: 1, status: 'confirmed' })).toBe(1);
    expect(calendarSequence({ sequence: 1, status: 'cancelled' })).toBe(2);
  });
});
