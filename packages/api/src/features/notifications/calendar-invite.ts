import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';

/** What an email's invitation says; stored with the outbox row when it is queued. */
export interface InviteDetails {
  method: 'REQUEST' | 'CANCEL';
  /** `appointmentUid()`: the same for every message and download about one appointment. */
  uid: string;
  sequence: number;
  start: string;
  end: string;
  summary: string;
  description: string | null;
  location: string | null;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** DTSTAMP: when the message was queued, so a retry sends the same file. */
  stamp: string;
}

/**
 * An iTIP (RFC 5546) message for the customer's calendar: REQUEST adds or, with a higher
 * SEQUENCE under the same UID, updates the event; CANCEL removes it. Times are UTC, so
 * no VTIMEZONE is needed and every client places the event at the same instant.
 */
export function calendarInvite(details: InviteDetails): string {
  const cancel = details.method === 'CANCEL';
  const calendar = ical({
    prodId: { company: 'BookSprintz', product: 'Booking', language: 'EN' },
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: details.uid,
    sequence: details.sequence,
    stamp: new Date(details.stamp),
    start: new Date(details.start),
    end: new Date(details.end),
    summary: details.summary,
    description: details.description,
    location: details.location,
    organizer: details.organizer,
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    attendees: [
      {
        name: details.attendee.name,
        email: details.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: cancel ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
        rsvp: false,
      },
    ],
  });
  return calendar.toString();
}
