import type { BusyInterval } from '../ics/busy-times.ts';
import { devBase } from '../oauth/calendar-oauth.ts';
import { type ApiCall, providerJson } from '../oauth/provider-api.ts';
import type { ProviderEnv as SyncEnv } from '../oauth/provider-env.ts';
import {
  allDayInterval,
  type EventChange,
  type EventMeaning,
  OWN_UID_SUFFIX,
  type PushCalendarApi,
  type PushChannel,
  timedInterval,
} from '../oauth/push-calendar.ts';
import { isOwnGoogleEvent } from './own-events.ts';

/** The parts of a Google Calendar event that decide whether it blocks. */
interface GoogleEvent {
  id: string;
  status?: string;
  iCalUID?: string;
  transparency?: string;
  eventType?: string;
  start?: { date?: string; dateTime?: string };
  end?: { date?: string; dateTime?: string };
  attendees?: Array<{ self?: boolean; responseStatus?: string }>;
  extendedProperties?: { private?: Record<string, string> };
}

interface EventsPage {
  items?: GoogleEvent[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

/** Channels live at most this long (Google's default for events is 7 days). */
const CHANNEL_TTL_SECONDS = 7 * 86_400;

/**
 * An event's busy time: cancelled, free (transparent: Cal.com #2236, #29410), declined,
 * working-location and our own written events never block; tentative and all-day as
 * the owner chose. `singleEvents=true` makes Google expand recurring events into
 * occurrences with their exceptions (Cal.com #4215).
 */
export function googleBusy(event: GoogleEvent, meaning: EventMeaning): BusyInterval[] {
  if (event.status === 'cancelled') return [];
  if (event.transparency === 'transparent') return [];
  if (event.eventType === 'workingLocation' || event.eventType === 'birthday') return [];
  if (event.iCalUID?.endsWith(OWN_UID_SUFFIX)) return [];
  // Bookings we wrote to this calendar already block as bookings.
  if (isOwnGoogleEvent(event) || meaning.ownEventIds?.has(event.id)) return [];
  const self = event.attendees?.find((attendee) => attendee.self);
  if (self?.responseStatus === 'declined') return [];
  const tentative = event.status === 'tentative' || self?.responseStatus === 'tentative';
  if (tentative && !meaning.tentativeBlocks) return [];
  if (event.start?.date) {
    if (!meaning.allDayBlocks) return [];
    const interval = allDayInterval(
      event.id,
      event.start.date,
      event.end?.date ?? null,
      meaning.zone,
    );
    return interval ? [interval] : [];
  }
  if (!event.start?.dateTime || !event.end?.dateTime) return [];
  const interval = timedInterval(event.id, event.start.dateTime, event.end.dateTime);
  return interval ? [interval] : [];
}

export function googleApiBase(env: SyncEnv): string {
  const base = devBase(env, env.GOOGLE_API_BASE);
  return `${base ?? 'https://www.googleapis.com'}/calendar/v3`;
}

/** Google Calendar API v3 through plain fetch: calendarList, events.list with sync tokens, watch. */
export function googleCalendarApi(env: SyncEnv): PushCalendarApi {
  const api = googleApiBase(env);
  const calendarPath = (id: string) => `${api}/calendars/${encodeURIComponent(id)}`;
  return {
    async listCalendars(call: ApiCall) {
      const found: Array<{ id: string; name: string; primary: boolean }> = [];
      let pageToken: string | undefined;
      do {
        const url = new URL(`${api}/users/me/calendarList`);
        url.searchParams.set('maxResults', '250');
        if (pageToken) url.searchParams.set('pageToken', pageToken);
        const page = await providerJson<{
          items?: Array<{
            id: string;
            summary?: string;
            summaryOverride?: string;
            primary?: boolean;
          }>;
          nextPageToken?: string;
        }>(call, url.toString());
        for (const item of page.items ?? [])
          found.push({
            id: item.id,
            name: item.summaryOverride || item.summary || item.id,
            primary: item.primary === true,
          });
        pageToken = page.nextPageToken;
      } while (pageToken);
      return found;
    },

    async readChanges(call, calendarId, cursor, window, meaning) {
      const changes: EventChange[] = [];
      let pageToken: string | undefined;
      let syncToken: string | undefined;
      do {
        const url = new URL(`${calendarPath(calendarId)}/events`);
        url.searchParams.set('singleEvents', 'true');
        url.searchParams.set('maxResults', '2500');
        if (cursor) url.searchParams.set('syncToken', cursor);
        else {
          url.searchParams.set('timeMin', window.from.toISOString());
          url.searchParams.set('timeMax', window.to.toISOString());
        }
        if (pageToken) url.searchParams.set('pageToken', pageToken);
        const page = await providerJson<EventsPage>(call, url.toString());
        for (const event of page.items ?? [])
          changes.push({ id: event.id, busy: googleBusy(event, meaning) });
        pageToken = page.nextPageToken;
        syncToken = page.nextSyncToken;
      } while (pageToken);
      if (!syncToken) throw new Error('Google sent no nextSyncToken');
      return { full: !cursor, changes, cursor: syncToken };
    },

    async subscribe(call, calendarId, request) {
      const answer = await providerJson<{ id: string; resourceId: string; expiration?: string }>(
        call,
        `${calendarPath(calendarId)}/events/watch`,
        {
          method: 'POST',
          body: {
            // Carries the connection, so a notification finds its row without a scan.
            id: `${request.connectionId}_${crypto.randomUUID().slice(0, 8)}`,
            type: 'web_hook',
            address: request.address,
            token: request.token,
            params: { ttl: String(CHANNEL_TTL_SECONDS) },
          },
        },
      );
      const expires = answer.expiration
        ? new Date(Number(answer.expiration))
        : new Date(call.now.getTime() + CHANNEL_TTL_SECONDS * 1000);
      return {
        id: answer.id,
        resource_id: answer.resourceId,
        calendar_id: calendarId,
        token_hash: request.tokenHash,
        expires_at: expires.toISOString(),
      };
    },

    // Google channels cannot be extended: a new one is opened, then the old one stopped.
    renew: async () => null,

    async unsubscribe(call, channel: PushChannel) {
      await providerJson(call, `${api}/channels/stop`, {
        method: 'POST',
        body: { id: channel.id, resourceId: channel.resource_id },
      });
    },
  };
}
