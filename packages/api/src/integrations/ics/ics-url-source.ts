import {
  CalendarUnreachableError,
  type SourceRead,
  type SourceReadRequest,
} from '../calendar-source.ts';
import { readLimited } from '../outbound.ts';

/** A published calendar larger than this is refused rather than read into memory. */
const MAX_ICS_CHARS = 5_000_000;
const MAX_REDIRECTS = 3;

/** Provider `ics`: one calendar, the file at the URL, read whole on every sync. */
export async function readIcsUrl(request: SourceReadRequest): Promise<SourceRead> {
  const headers: Record<string, string> = { accept: 'text/calendar' };
  if (request.username)
    headers.authorization = `Basic ${btoa(`${request.username}:${request.password ?? ''}`)}`;
  // Redirects are followed by hand so every hop passes the same address check as the
  // first URL (published calendars do redirect; a redirect must not reach inside).
  let url = request.url;
  let response: Response | undefined;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const refused = request.refuse(url);
    if (refused) throw new CalendarUnreachableError(`the calendar URL ${refused}`);
    try {
      response = await fetch(url, {
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
    } catch (error) {
      throw new CalendarUnreachableError(`could not fetch the calendar: ${String(error)}`);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    await response.body?.cancel();
    url = new URL(location, url).href;
    response = undefined;
  }
  if (!response) throw new CalendarUnreachableError('the calendar URL redirects too often');
  if (!response.ok) {
    await response.body?.cancel();
    throw new CalendarUnreachableError(`the calendar URL answered HTTP ${response.status}`);
  }
  const text = await readLimited(response, MAX_ICS_CHARS + 1);
  if (text.length > MAX_ICS_CHARS)
    throw new CalendarUnreachableError('the calendar file is too large');
  if (!/BEGIN:VCALENDAR/i.test(text))
    throw new CalendarUnreachableError('the URL did not return an iCalendar file');
  const calendar = { id: request.url, name: 'Calendar', ctag: null, sync_token: null };
  return {
    calendars: [calendar],
    texts: new Map(request.wanted(calendar.id) ? [[calendar.id, [text]]] : []),
  };
}
