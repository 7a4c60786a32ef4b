import {
  googleCalendarUrl,
  outlookCalendarUrl,
} from '../../integrations/add-to-calendar/add-to-calendar.ts';
import type { CalendarEvent } from '../../integrations/ics/appointment-ics.ts';

/** Every link a customer gets for one appointment; the booking response's field names. */
export interface CustomerLinks {
  /** The manage page (HTML): view, reschedule, cancel. */
  manage_url: string;
  /** The .ics download. */
  calendar_url: string;
  google_calendar_url: string;
  outlook_calendar_url: string;
}

/** `/manage/:tenant/:id?token=…`, the page a person opens (never the JSON route). */
export function managePageUrl(base: string, tenant: string, appointmentId: string, token: string) {
  return `${base.replace(/\/+$/, '')}/manage/${tenant}/${appointmentId}?token=${encodeURIComponent(token)}`;
}

/**
 * The links under `base` (the API's public origin). `eventFor` builds the calendar event
 * from the manage URL (`calendarEventOf`), so Google and Outlook events link back to it.
 */
export function customerLinks(
  base: string,
  tenant: string,
  appointmentId: string,
  token: string,
  eventFor: (manageUrl: string) => CalendarEvent,
): CustomerLinks {
  const root = base.replace(/\/+$/, '');
  const manage = managePageUrl(root, tenant, appointmentId, token);
  const event = eventFor(manage);
  return {
    manage_url: manage,
    calendar_url: `${root}/api/booking/v1/${tenant}/appointments/${appointmentId}/calendar.ics?token=${encodeURIComponent(token)}`,
    google_calendar_url: googleCalendarUrl(event),
    outlook_calendar_url: outlookCalendarUrl(event),
  };
}
