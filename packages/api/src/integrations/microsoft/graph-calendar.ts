import { CalendarUnreachableError } from '../calendar-source.ts';
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
  timedInterval,
} from '../oauth/push-calendar.ts';

/** The parts of a Graph event (an occurrence of calendarView) that decide whether it blocks. */
interface GraphEvent {
  id: string;
  '@removed'?: unknown;
  isCancelled?: boolean;
  isAllDay?: boolean;
  showAs?: string;
  iCalUId?: string;
  responseStatus?: { response?: string };
  start?: { dateTime?: string; timeZone?: string };
  end?: { dateTime?: string; timeZone?: string };
}

interface DeltaPage {
  value?: GraphEvent[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Outlook event subscriptions live at most 4,230 minutes; we ask for a little less. */
const SUBSCRIPTION_MINUTES = 4_200;

/**
 * An occurrence's busy time: removed, cancelled, free and working-elsewhere never block,
 * nor declined invitations nor our own written events; tentative and all-day as the owner
 * chose; out-of-office blocks. calendarView/delta expands recurring events into
 * occurrences (Cal.com #28847).
 */
export function graphBusy(event: GraphEvent, meaning: EventMeaning): BusyInterval[] {
  if (event['@removed'] || event.isCancelled) return [];
  const showAs = event.showAs ?? 'busy';
  if (showAs === 'free' || showAs === 'workingElsewhere') return [];
  if (event.iCalUId?.endsWith(OWN_UID_SUFFIX)) return [];
  // Bookings we wrote (their ids are recorded; delta does not return our extended property).
  if (meaning.ownEventIds?.has(event.id)) return [];
  if (event.responseStatus?.response === 'declined') return [];
  const tentative =
    showAs === 'tentative' || event.responseStatus?.response === 'tentativelyAccepted';
  if (tentative && !meaning.tentativeBlocks) return [];
  if (!event.start?.dateTime || !event.end?.dateTime) return [];
  if (event.isAllDay) {
    if (!meaning.allDayBlocks) return [];
    const interval = allDayInterval(
      event.id,
      event.start.dateTime,
      event.end.dateTime,
      meaning.zone,
    );
    return interval ? [interval] : [];
  }
  // Asked for in UTC (Prefer: outlook.timezone="UTC"); Graph omits the zone suffix.
  const utc = (value: string) => (/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  const interval = timedInterval(event.id, utc(event.start.dateTime), utc(event.end.dateTime));
  return interval ? [interval] : [];
}

export function graphBase(env: SyncEnv): string {
  return `${devBase(env, env.MICROSOFT_GRAPH_BASE) ?? 'https://graph.microsoft.com'}/v1.0`;
}

const PREFER = { prefer: 'outlook.timezone="UTC", odata.maxpagesize=500' };

/** Microsoft Graph through plain fetch: calendars, calendarView/delta, subscriptions. */
export function graphCalendarApi(env: SyncEnv): PushCalendarApi {
  const api = graphBase(env);
  const calendarPath = (id: string) => `${api}/me/calendars/${encodeURIComponent(id)}`;
  // Links Graph hands back must stay on Graph: a forged one cannot send our token elsewhere.
  const onGraph = (link: string) => {
    if (!link.startsWith(`${api}/`))
      throw new CalendarUnreachableError('Microsoft Graph sent a link to another host');
    return link;
  };
  return {
    async listCalendars(call: ApiCall) {
      const found: Array<{ id: string; name: string; primary: boolean }> = [];
      let next: string | undefined = `${api}/me/calendars?$top=100`;
      while (next) {
        const page: {
          value?: Array<{ id: string; name?: string; isDefaultCalendar?: boolean }>;
          '@odata.nextLink'?: string;
        } = await providerJson(call, next);
        for (const item of page.value ?? [])
          found.push({
            id: item.id,
            name: item.name || 'Calendar',
            primary: item.isDefaultCalendar === true,
          });
        next = page['@odata.nextLink'] ? onGraph(page['@odata.nextLink']) : undefined;
      }
      return found;
    },

    async readChanges(call, calendarId, cursor, window, meaning) {
      const changes: EventChange[] = [];
      let next: string | undefined;
      if (cursor) next = onGraph(cursor);
      else {
        const url = new URL(`${calendarPath(calendarId)}/calendarView/delta`);
        url.searchParams.set('startDateTime', window.from.toISOString());
        url.searchParams.set('endDateTime', window.to.toISOString());
        next = url.toString();
      }
      let deltaLink: string | undefined;
      while (next) {
        const page: DeltaPage = await providerJson(call, next, { headers: PREFER });
        for (const event of page.value ?? [])
          changes.push({ id: event.id, busy: graphBusy(event, meaning) });
        next = page['@odata.nextLink'] ? onGraph(page['@odata.nextLink']) : undefined;
        deltaLink = page['@odata.deltaLink'];
      }
      if (!deltaLink) throw new CalendarUnreachableError('Microsoft Graph sent no deltaLink');
      return { full: !cursor, changes, cursor: onGraph(deltaLink) };
    },

    async subscribe(call, calendarId, request) {
      const expires = new Date(call.now.getTime() + SUBSCRIPTION_MINUTES * 60_000);
      const answer = await providerJson<{ id: string; expirationDateTime: string }>(
        call,
        `${api}/subscriptions`,
        {
          method: 'POST',
          body: {
            changeType: 'created,updated,deleted',
            notificationUrl: request.address,
            lifecycleNotificationUrl: request.address,
            resource: `/me/calendars/${calendarId}/events`,
            expirationDateTime: expires.toISOString(),
            clientState: request.token,
          },
        },
      );
      return {
        id: answer.id,
        calendar_id: calendarId,
        token_hash: request.tokenHash,
        expires_at: new Date(answer.expirationDateTime || expires).toISOString(),
      };
    },

    async renew(call, channel) {
      const expires = new Date(call.now.getTime() + SUBSCRIPTION_MINUTES * 60_000);
      try {
        const answer = await providerJson<{ expirationDateTime?: string }>(
          call,
          `${api}/subscriptions/${encodeURIComponent(channel.id)}`,
          { method: 'PATCH', body: { expirationDateTime: expires.toISOString() } },
        );
        return {
          ...channel,
          expires_at: new Date(answer?.expirationDateTime || expires).toISOString(),
        };
      } catch (error) {
        // Gone already (expired, removed): open a new one instead.
        if (error instanceof CalendarUnreachableError && /answered 404/.test(error.message))
          return null;
        throw error;
      }
    },

    async unsubscribe(call, channel) {
      await providerJson(call, `${api}/subscriptions/${encodeURIComponent(channel.id)}`, {
        method: 'DELETE',
      });
    },
  };
}
