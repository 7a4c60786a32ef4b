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

/**
 * One value as `URLSearchParams` serializes it (application/x-www-form-urlencoded): only
 * ASCII letters, digits and `*-._` stay, a space is `+`, a lone surrogate is U+FFFD.
 * `encodeURIComponent` differs only in also leaving `!'()~` and writing a space `%20`.
 * (`URLSearchParams` in workerd crosses into the runtime per call: 4 % of a booking's
 * isolate time for the four links a booking makes, issue 21.)
 */
export function formEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate (URIError): written as U+FFFD, as URLSearchParams writes it.
    encoded = encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  }
  return encoded.replace(/%20|[!'()~]/g, (match) =>
    match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `base?k=v&…`, form-encoded exactly as `URLSearchParams` writes it. */
function withQuery(base: string, pairs: Array<[string, string | null]>): string {
  let query = '';
  for (const [key, value] of pairs) {
    if (value === null) continue;
    query += `${query ? '&' : ''}${formEncode(key)}=${formEncode(value)}`;
  }
  return `${base}?${query}`;
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
