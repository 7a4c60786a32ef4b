import ical, { ICalEventStatus } from 'ical-generator';
import { appointmentUid } from './appointment-ics.ts';

export interface FeedAppointment {
  id: string;
  start_time: Date;
  end_time: Date;
  updated_at: Date;
  sequence: number;
  status: string;
  service_name: string;
  customer_name: string;
  customer_notes: string | null;
  confirmation_code: string;
}

/** The title an appointment's event shows in a calendar (feed and written events alike). */
export function appointmentSummary(appointment: FeedAppointment): string {
  return `${appointment.service_name}: ${appointment.customer_name}`;
}

/** Its description: the confirmation code, then the customer's notes. */
export function appointmentDescription(appointment: FeedAppointment): string {
  return [`Confirmation code: ${appointment.confirmation_code}`, appointment.customer_notes ?? '']
    .filter(Boolean)
    .join('\n');
}

/**
 * A staff member's subscribable calendar (RFC 5545, PUBLISH): one VEVENT per
 * appointment under the same UID the invitations use, so a calendar that holds both
 * sees one event. Cancelled appointments stay in as STATUS:CANCELLED, which tells a
 * subscribed calendar to drop them rather than leaving a stale copy. ical-generator
 * escapes text (commas, semicolons, newlines) and folds long lines.
 */
export function staffFeedIcs(input: {
  calendarName: string;
  appointments: readonly FeedAppointment[];
}): string {
  const calendar = ical({
    prodId: { company: 'BookSprintz', product: 'staff-feed', language: 'EN' },
    name: input.calendarName,
  });
  for (const appointment of input.appointments) {
    calendar.createEvent({
      id: appointmentUid(appointment.id),
      sequence: appointment.sequence,
      stamp: appointment.updated_at,
      start: appointment.start_time,
      end: appointment.end_time,
      summary: appointmentSummary(appointment),
      description: appointmentDescription(appointment),
      status:
        appointment.status === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : appointment.status === 'pending'
            ? ICalEventStatus.TENTATIVE
            : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
