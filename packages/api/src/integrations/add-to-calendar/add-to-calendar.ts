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

/** `base?k=v&…`, form-encoded as `URL.searchParams` writes it, serialized once. */
function withQuery(base: string, pairs: Array<[string, string | null]>): string {
  const present = pairs.filter((pair): pair is [string, string] => pair[1] !== null);
  return `${base}?${new URLSearchParams(present).toString()}`;
}

/** Google Calendar's event template (`calendar.google.com/calendar/render?action=TEMPLATE`). */
export function googleCalendarUrl(event: CalendarEvent): string {
  return withQuery('https://calendar.google.com/calendar/render', [
    ['action', 'TEMPLATE'],
    ['text', event.summary],
    ['dates', `${compactUtc(event.start)}/${compactUtc(event.end)}`],
    ['details', details(event) || null],
    ['location', event.location || null],
  ]);
}

/** Outlook on the web's compose deep link (works for outlook.com and Microsoft 365 accounts). */
export function outlookCalendarUrl(event: CalendarEvent): string {
  return withQuery('https://outlook.live.com/calendar/0/action/compose', [
    ['rru', 'addevent'],
    ['subject', event.summary],
    ['startdt', new Date(event.start).toISOString().replace('.000', '')],
    ['enddt', new Date(event.end).toISOString().replace('.000', '')],
    ['body', details(event) || null],
    ['location', event.location || null],
  ]);
}
