import { createDAVClient } from 'tsdav';
import {
  CalendarUnreachableError,
  type SourceCalendar,
  type SourceRead,
  type SourceReadRequest,
} from '../calendar-source.ts';

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

function nameOf(displayName: unknown, url: string): string {
  if (typeof displayName === 'string' && displayName) return displayName;
  return decodeURIComponent(url.replace(/\/+$/, '').split('/').pop() ?? 'Calendar');
}

/**
 * Provider `caldav`, through tsdav: the account's calendars are discovered from the
 * URL (RFC 6764 well-known, principal, calendar home); when the URL names one of them,
 * only that one is used. Events come from a calendar-query over the window, masters
 * unexpanded (busy-times.ts expands them); ctag and sync-token are recorded, and when
 * `unchanged` says they did not move, no event is fetched.
 */
export async function readCaldav(request: SourceReadRequest): Promise<SourceRead> {
  const refused = request.refuse(request.url);
  if (refused) throw new CalendarUnreachableError(`the CalDAV URL ${refused}`);
  const timed: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(request.timeoutMs) });
  try {
    const client = await createDAVClient({
      serverUrl: request.url,
      credentials: { username: request.username ?? '', password: request.password ?? '' },
      ...(request.username
        ? { authMethod: 'Basic' as const }
        : { authMethod: 'Custom' as const, authFunction: async () => ({}) }),
      defaultAccountType: 'caldav',
      fetch: timed,
    });
    const found = (await client.fetchCalendars()).filter(
      (calendar) => !calendar.components || calendar.components.includes('VEVENT'),
    );
    const named = found.filter((calendar) => withSlash(calendar.url) === withSlash(request.url));
    // A server may name calendars on other hosts: each must pass the same address check.
    const chosen = (named.length > 0 ? named : found).filter(
      (calendar) => request.refuse(calendar.url) === null,
    );
    if (chosen.length === 0) throw new CalendarUnreachableError('no calendars found at the URL');

    const calendars: SourceCalendar[] = chosen.map((calendar) => ({
      id: calendar.url,
      name: nameOf(calendar.displayName, calendar.url),
      ctag: calendar.ctag ?? null,
      sync_token: calendar.syncToken ?? null,
    }));
    const texts = new Map<string, string[]>();
    // One PROPFIND told us each collection's sync-token and ctag: when none moved, the
    // events are not fetched at all (most safety polls of a quiet calendar).
    if (request.unchanged?.(calendars.filter((calendar) => request.wanted(calendar.id))))
      return { calendars, texts, unchanged: true };
    for (const calendar of chosen) {
      if (!request.wanted(calendar.url)) continue;
      const objects = await client.fetchCalendarObjects({
        calendar,
        timeRange: { start: request.from.toISOString(), end: request.to.toISOString() },
      });
      texts.set(
        calendar.url,
        objects
          .map((object) => String(object.data ?? ''))
          .filter((data) => data.includes('BEGIN:')),
      );
    }
    return { calendars, texts };
  } catch (error) {
    if (error instanceof CalendarUnreachableError) throw error;
    throw new CalendarUnreachableError(
      `CalDAV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
