import { describe, expect, it } from 'vitest';
import { appointmentUid } from '../../integrations/ics/appointment-ics.ts';
import { calendarInvite, type InviteDetails } from './calendar-invite.ts';

const details: InviteDetails = {
  method: 'REQUEST',
  uid: appointmentUid('6f1c4a52-0000-4000-8000-000000000001'),
  sequence: 0,
  start: '2027-11-07T15:00:00.000Z',
  end: '2027-11-07T16:00:00.000Z',
  summary: 'Haircut — Demo Salon',
  description: 'With Alex; code K7M2Q9XD',
  location: '123 Main Street, New York',
  organizer: { name: 'Demo Salon', email: 'hello@demo.example' },
  attendee: { name: 'Ana, "the client"', email: 'ana@example.com' },
  stamp: '2027-11-01T12:00:00.000Z',
};

describe('calendarInvite', () => {
  it('writes a REQUEST with the stable UID in UTC', () => {
    const text = calendarInvite(details);
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toContain('UID:6f1c4a52-0000-4000-8000-000000000001@booksprintz');
    expect(text).toContain('SEQUENCE:0');
    expect(text).toContain('DTSTART:20271107T150000Z');
    expect(text).toContain('STATUS:CONFIRMED');
    expect(text).toMatch(/ORGANIZER;CN="?Demo Salon"?:mailto:hello@demo.example/);
  });

  it('writes a CANCEL with the sequence it is given', () => {
    const text = calendarInvite({ ...details, method: 'CANCEL', sequence: 3 });
    expect(text).toContain('METHOD:CANCEL');
    expect(text).toContain('SEQUENCE:3');
    expect(text).toContain('STATUS:CANCELLED');
  });
});
