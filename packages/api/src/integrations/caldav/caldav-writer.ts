import { CalendarUnreachableError } from '../calendar-source.ts';
import type { CalendarWriter } from '../calendar-writer.ts';
import { staffFeedIcs } from '../ics/staff-feed-ics.ts';

export interface CaldavTarget {
  calendarUrl: string;
  username: string | null;
  password: string | null;
  timeoutMs: number;
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** The one URL an appointment's event ever has in a calendar: retries land on it, never beside it. */
export function objectUrl(target: CaldavTarget, appointmentId: string): string {
  return `${withSlash(target.calendarUrl)}booksprintz-${appointmentId}.ics`;
}

async function send(
  target: CaldavTarget,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Response> {
  const auth: Record<string, string> = target.username
    ? { authorization: `Basic ${btoa(`${target.username}:${target.password ?? ''}`)}` }
    : {};
  try {
    return await fetch(url, {
      method,
      headers: { ...auth, ...headers },
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (error) {
    throw new CalendarUnreachableError(`CalDAV ${method}: ${String(error)}`);
  }
}

async function currentEtag(target: CaldavTarget, url: string): Promise<string | null> {
  const response = await send(target, 'GET', url, {});
  await response.body?.cancel();
  if (response.status === 404) return null;
  if (!response.ok) throw new CalendarUnreachableError(`CalDAV GET answered ${response.status}`);
  return response.headers.get('etag');
}

/**
 * Creates or replaces the event at its fixed URL. A create says `If-None-Match: *` and
 * an update `If-Match: <etag>`, so a lost record of an earlier write or an edit made
 * in the calendar meanwhile is noticed (412) and answered by re-reading the ETag,
 * never by a second event. Returns the new ETag.
 */
export async function putEvent(
  target: CaldavTarget,
  appointmentId: string,
  ics: string,
  knownEtag: string | null,
): Promise<string | null> {
  const url = objectUrl(target, appointmentId);
  const type = { 'content-type': 'text/calendar; charset=utf-8' };
  let etag = knownEtag;
  for (let attempt = 0; attempt < 3; attempt++) {
    const condition: Record<string, string> = etag
      ? { 'if-match': etag }
      : { 'if-none-match': '*' };
    const response = await send(target, 'PUT', url, { ...type, ...condition }, ics);
    await response.body?.cancel();
    if (response.ok) return response.headers.get('etag') ?? (await currentEtag(target, url));
    if (response.status !== 412)
      throw new CalendarUnreachableError(`CalDAV PUT answered ${response.status}`);
    etag = await currentEtag(target, url);
  }
  throw new CalendarUnreachableError('CalDAV PUT kept failing its precondition');
}

/** Removes the event; already gone counts as done. */
export async function deleteEvent(
  target: CaldavTarget,
  appointmentId: string,
  knownEtag: string | null,
): Promise<void> {
  const url = objectUrl(target, appointmentId);
  let response = await send(target, 'DELETE', url, knownEtag ? { 'if-match': knownEtag } : {});
  if (response.status === 412) {
    await response.body?.cancel();
    response = await send(target, 'DELETE', url, {});
  }
  await response.body?.cancel();
  if (!response.ok && response.status !== 404)
    throw new CalendarUnreachableError(`CalDAV DELETE answered ${response.status}`);
}

/** The CalDAV calendar as a CalendarWriter: the fixed URL and ETags do the idempotency. */
export function caldavWriter(target: CaldavTarget, calendarName: string): CalendarWriter {
  return {
    async put(appointment, known) {
      const ics = staffFeedIcs({ calendarName, appointments: [appointment] });
      return { etag: await putEvent(target, appointment.id, ics, known?.etag ?? null) };
    },
    remove: (appointmentId, known) => deleteEvent(target, appointmentId, known.etag),
  };
}
