import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';

/**
 * What every calendar file about one appointment says: the e-mailed invitation, the
 * manage page's download, and (through `add-to-calendar/`) the Google and Outlook links.
 * Stored as JSON in the outbox row's payload, so a retry sends the same file.
 */
export interface CalendarEvent {
  /** `appointmentUid()`: the same for every message and download about one appointment. */
  uid: string;
  /** `calendarSequence()`: the same number in the e-mail and in the download. */
  sequence: number;
  start: string;
  end: string;
  summary: string;
  description: string | null;
  location: string | null;
  /** The customer's manage page. */
  url?: string | null;
  status?: 'confirmed' | 'tentative' | 'cancelled';
  organizer: { name: string; email: string };
  attendee: { name: string; email: string } | null;
  /** DTSTAMP: when the message was queued (or the appointment last changed). */
  stamp: string;
}

/** An e-mail's invitation (iTIP, RFC 5546): REQUEST adds or updates, CANCEL removes. */
export interface InviteDetails extends CalendarEvent {
  method: 'REQUEST' | 'CANCEL';
}

/** REQUEST/CANCEL for e-mailed invitations; PUBLISH for a file the customer downloads. */
export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/** One UID per appointment for its whole life, so calendars update the same event. */
export function appointmentUid(appointmentId: string): string {
  return `${appointmentId}@booksprintz`;
}

/**
 * The SEQUENCE of an appointment's event. The column counts reschedules; RFC 5545 also
 * raises SEQUENCE when STATUS changes, so a cancelled appointment is one higher. Every
 * file (e-mail or download) uses this, so a CANCEL always outranks the last REQUEST.
 */
export function calendarSequence(appointment: { sequence: number; status: string }): number {
  return appointment.status === 'cancelled' ? appointment.sequence + 1 : appointment.sequence;
}

/**
 * A calendar property value as RFC 5545 §3.3.11 TEXT. ical-generator escapes event
 * properties but writes the calendar NAME / X-WR-CALNAME as given, so a business name
 * with CR/LF would add properties (or whole events) to every customer's download.
 * Line breaks and other controls make no sense in a name: they become spaces.
 */
export function icsText(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim()
      .replace(/[\\;,]/g, (char) => `\\${char}`)
  );
}

const STATUS = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

/**
 * An RFC 5545 calendar with the appointment's one VEVENT, in UTC (DTSTART/DTEND with
 * `Z`): no VTIMEZONE needed, and every client places it at the same instant. The one
 * builder of the API's .ics files, e-mailed and downloaded alike.
 */
export function appointmentIcs(
  event: CalendarEvent,
  method: IcsMethod,
  options: { calendarName?: string } = {},
): string {
  const calendar = ical({
    prodId: { company: 'BookSprintz', product: 'Booking', language: 'EN' },
    method: ICalCalendarMethod[method],
    ...(options.calendarName ? { name: icsText(options.calendarName) } : {}),
  });
  const cancel = method === 'CANCEL' || event.status === 'cancelled';
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    stamp: new Date(event.stamp),
    start: new Date(event.start),
    end: new Date(event.end),
    summary: event.summary,
    description: event.description,
    location: event.location,
    organizer: event.organizer,
    status: cancel ? ICalEventStatus.CANCELLED : STATUS[event.status ?? 'confirmed'],
    ...(event.url ? { url: event.url } : {}),
    // An invitation names its attendee; a published file is the customer's own copy.
    attendees:
      method !== 'PUBLISH' && event.attendee
        ? [
            {
              name: event.attendee.name,
              email: event.attendee.email,
              role: ICalAttendeeRole.REQ,
              status: cancel ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
              rsvp: false,
            },
          ]
        : [],
  });
  return calendar.toString();
}

/** The file attached to an e-mail. */
export function calendarInvite(invite: InviteDetails): string {
  return appointmentIcs(invite, invite.method);
}
