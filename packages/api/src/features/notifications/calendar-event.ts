import {
  appointmentUid,
  type CalendarEvent,
  calendarSequence,
} from '../../integrations/ics/appointment-ics.ts';
import type { BookingSnapshot } from './booking-snapshot.ts';
import { copyFor } from './templates/render.ts';

/**
 * The appointment as a calendar event, in the customer's language: the one source of
 * the e-mailed invitation, the .ics download and the Google/Outlook links, so they all
 * say the same thing with the same UID and SEQUENCE.
 */
export function calendarEventOf(
  snapshot: BookingSnapshot,
  options: { manageUrl: string | null; stamp: Date },
): CalendarEvent {
  const { appointment: appt, tenant } = snapshot;
  const { labels, labelSeparator: sep } = copyFor(appt.locale);
  return {
    uid: appointmentUid(appt.id),
    sequence: calendarSequence(appt),
    start: appt.start_time.toISOString(),
    end: appt.end_time.toISOString(),
    summary: `${snapshot.serviceName} — ${tenant.business_name}`,
    description: [
      snapshot.staff ? `${labels.staff}${sep}${snapshot.staff.name}` : null,
      `${labels.code}${sep}${appt.confirmation_code}`,
      options.manageUrl ? `${labels.manage}${sep}${options.manageUrl}` : null,
    ]
      .filter(Boolean)
      .join('\n'),
    location: snapshot.location
      ? [snapshot.location.name, snapshot.location.address].filter(Boolean).join(', ')
      : tenant.business_name,
    url: options.manageUrl,
    status:
      appt.status === 'cancelled'
        ? 'cancelled'
        : appt.status === 'pending'
          ? 'tentative'
          : 'confirmed',
    organizer: { name: tenant.business_name, email: tenant.email ?? 'no-reply@booksprintz.com' },
    // A walk-in booked without an e-mail has no attendee to invite.
    attendee: appt.customer_email ? { name: appt.customer_name, email: appt.customer_email } : null,
    stamp: options.stamp.toISOString(),
  };
}
