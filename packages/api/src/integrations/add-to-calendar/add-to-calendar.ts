import type { CalendarEvent } from '../ics/appointment-ics.ts';

/**
 * "Add to calendar" links for the two web calendars that cannot open an e-mailed .ics
 * with one click. Both are the providers' documented event-template URLs; the event's
 * times go in UTC so no zone is guessed. The .ics download covers every other client.
 */

/** `20270315T130000Z`: the compact UTC form both providers take. */
function compactUtc(instant: string): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function details(event: CalendarEvent): string {
  return [event.description, event.url].filter(Boolean).join('\n\n');
}

/** Google Calendar's event template (`calendar.google.com/calendar/render?action=TEMPLATE`). */
export function googleCalendarUrl(event: CalendarEvent): string {
  const url = new URL('https://calendar.google.com/calendar/render');
  url.searchParams.set('action', 'TEMPLATE');
  url.searchParams.set('text', event.summary);
  url.searchParams.set('dates', `${compactUtc(event.start)}/${compactUtc(event.end)}`);
  const body = details(event);
  if (body) url.searchParams.set('details', body);
  if (event.location) url.searchParams.set('location', event.location);
  return url.toString();
}

/** Outlook on the web's compose deep link (works for outlook.com and Microsoft 365 accounts). */
export function outlookCalendarUrl(event: CalendarEvent): string {
  const url = new URL('https://outlook.live.com/calendar/0/action/compose');
  url.searchParams.set('rru', 'addevent');
  url.searchParams.set('subject', event.summary);
  url.searchParams.set('startdt', new Date(event.start).toISOString().replace('.000', ''));
  url.searchParams.set('enddt', new Date(event.end).toISOString().replace('.000', ''));
  const body = details(event);
  if (body) url.searchParams.set('body', body);
  if (event.location) url.searchParams.set('location', event.location);
  return url.toString();
}
