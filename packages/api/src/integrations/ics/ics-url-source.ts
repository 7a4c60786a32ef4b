import {
  CalendarUnreachableError,
  type SourceRead,
  type SourceReadRequest,
} from '../calendar-source.ts';
import { readLimited } from '../outbound.ts';

/** A published calendar larger than this is refused rather than read into memory. */
const MAX_ICS_CHARS = 5_000_000;

/** Provider `ics`: one calendar, the file at the URL, read whole on every sync. */
export async function readIcsUrl(request: SourceReadRequest): Promise<SourceRead> {
  const headers: Record<string, string> = { accept: 'text/calendar' };
  if (request.username)
    headers.authorization = `Basic ${btoa(`${request.username}:${request.password ?? ''}`)}`;
  let response: Response;
  try {
    response = await fetch(request.url, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw new CalendarUnreachableError(`could not fetch the calendar: ${String(error)}`);
  }
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
