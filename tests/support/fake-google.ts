import type { ServerResponse } from 'node:http';
import {
  FakeOAuth,
  type FakeRequest,
  fakeId,
  sendJson,
  startRecordingServer,
} from './fake-oauth.ts';

/** A Google Calendar event as the fake stores it (occurrences are stored one by one). */
export interface GoogleEvent {
  id: string;
  status?: 'confirmed' | 'tentative' | 'cancelled';
  iCalUID?: string;
  transparency?: 'opaque' | 'transparent';
  start: { date?: string; dateTime?: string };
  end: { date?: string; dateTime?: string };
  attendees?: Array<{ email: string; self?: boolean; responseStatus?: string }>;
  summary?: string;
  description?: string;
  sequence?: number;
  extendedProperties?: { private?: Record<string, string> };
}

export interface GoogleChannel {
  id: string;
  token: string;
  address: string;
  resourceId: string;
  calendarId: string;
  expiration: number;
}

export interface FakeGoogle {
  url: string;
  oauth: FakeOAuth;
  requests: FakeRequest[];
  calendars: Array<{ id: string; summary: string; primary?: boolean }>;
  channels: Map<string, GoogleChannel>;
  stopped: string[];
  /** Answer every calendar API call 429 with this Retry-After while set. */
  rateLimit: string | null;
  /**
   * The next request with this method to an event (insert, update, delete) answers
   * `status`; with `apply`, the change is made first (an answer lost on the way back).
   */
  failNext: { method: string; status: number; apply?: boolean } | null;
  /** Calendar API calls get no answer at all while set (a provider that hangs). */
  hang: boolean;
  /** The events of a calendar as stored, cancelled ones left out. */
  eventsOf(calendarId: string): GoogleEvent[];
  /** Adds or changes an event (raises the change counter). */
  put(calendarId: string, event: GoogleEvent): void;
  /** Cancels an event: incremental reads see it `cancelled`. */
  cancel(calendarId: string, id: string): void;
  /** Every sync token handed out so far answers 410 Gone. */
  expireSyncTokens(): void;
  /** events.list requests for a calendar, in order. */
  listCalls(calendarId?: string): FakeRequest[];
  /** Sends a change notification to a channel's address (optionally with another token). */
  notify(channelId: string, options?: { token?: string; state?: string }): Promise<number>;
  close(): Promise<void>;
}

/**
 * A stand-in for Google's OAuth endpoints and Calendar API v3 (the Worker reaches it
 * through GOOGLE_OAUTH_BASE / GOOGLE_API_BASE): calendarList, events.list with sync
 * tokens (410 once expired), watch channels and channels.stop, 429 on demand.
 */
export async function startFakeGoogle(): Promise<FakeGoogle> {
  const oauth = new FakeOAuth();
  const events = new Map<string, Map<string, GoogleEvent & { seq: number }>>();
  let seq = 1;
  let validFrom = 0;
  const calendarEvents = (id: string) => {
    const found = events.get(id) ?? new Map<string, GoogleEvent & { seq: number }>();
    events.set(id, found);
    return found;
  };
  const overlaps = (event: GoogleEvent, from: number, to: number) => {
    const start = Date.parse(event.start.dateTime ?? `${event.start.date}T00:00:00Z`);
    const end = Date.parse(event.end.dateTime ?? `${event.end.date}T00:00:00Z`);
    // All-day dates have no zone: a day either side is close enough for a window filter.
    const slack = event.start.date ? 86_400_000 : 0;
    return start < to + slack && end > from - slack;
  };

  const listEvents = (request: FakeRequest, response: ServerResponse, calendarId: string) => {
    const stored = [...calendarEvents(calendarId).values()].sort((a, b) => a.seq - b.seq);
    const syncToken = request.query.get('syncToken');
    let items: Array<GoogleEvent & { seq: number }>;
    if (syncToken) {
      if (request.query.get('timeMin') || request.query.get('timeMax'))
        return sendJson(response, 400, { error: { message: 'timeMin with syncToken' } });
      const since = Number(syncToken.slice(1));
      if (!Number.isFinite(since) || since < validFrom)
        return sendJson(response, 410, { error: { code: 410, message: 'fullSyncRequired' } });
      items = stored.filter((event) => event.seq > since);
    } else {
      const from = Date.parse(request.query.get('timeMin') ?? '1970-01-01T00:00:00Z');
      const to = Date.parse(request.query.get('timeMax') ?? '2999-01-01T00:00:00Z');
      items = stored.filter((event) => event.status !== 'cancelled' && overlaps(event, from, to));
    }
    const pageSize = 3;
    const offset = Number(request.query.get('pageToken') ?? 0);
    const page = items.slice(offset, offset + pageSize);
    const more = offset + pageSize < items.length;
    sendJson(response, 200, {
      kind: 'calendar#events',
      items: page.map(({ seq: _seq, ...event }) => event),
      ...(more ? { nextPageToken: String(offset + pageSize) } : { nextSyncToken: `s${seq}` }),
    });
  };

  /** events.insert (eventId null), events.update (PUT) and events.delete. */
  const writeEvent = (
    request: FakeRequest,
    response: ServerResponse,
    calendarId: string,
    eventId: string | null,
  ) => {
    const stored = calendarEvents(calendarId);
    const fault = fake.failNext?.method === request.method ? fake.failNext : null;
    if (fault) fake.failNext = null;
    if (fault && !fault.apply)
      return sendJson(response, fault.status, { error: { code: fault.status } });
    const answer = (status: number, body: unknown) =>
      sendJson(response, fault ? fault.status : status, fault ? { error: {} } : body);
    const shown = (event: GoogleEvent & { seq: number }) => {
      const { seq: version, ...rest } = event;
      return { ...rest, etag: `"${version}"` };
    };
    if (request.method === 'POST' && eventId === null) {
      const body = JSON.parse(request.body) as GoogleEvent;
      const id = body.id ?? fakeId('g');
      if (!/^[0-9a-v]{5,1024}$/.test(id))
        return sendJson(response, 400, { error: { code: 400, message: 'Invalid resource id' } });
      if (stored.has(id))
        return sendJson(response, 409, {
          error: { code: 409, message: 'The requested identifier already exists.' },
        });
      const event = { ...body, id, status: body.status ?? 'confirmed', seq: ++seq };
      stored.set(id, event);
      return answer(200, shown(event));
    }
    const found = eventId ? stored.get(eventId) : undefined;
    if (!found || !eventId) return sendJson(response, 404, { error: { code: 404 } });
    if (request.method === 'PUT') {
      const body = JSON.parse(request.body) as GoogleEvent;
      const event = { ...body, id: eventId, status: body.status ?? 'confirmed', seq: ++seq };
      stored.set(eventId, event);
      return answer(200, shown(event));
    }
    if (request.method === 'DELETE') {
      if (found.status === 'cancelled')
        return sendJson(response, 410, {
          error: { code: 410, message: 'Resource has been deleted' },
        });
      stored.set(eventId, { ...found, status: 'cancelled', seq: ++seq });
      return answer(204, undefined);
    }
    return sendJson(response, 405, { error: { code: 405 } });
  };

  const server = await startRecordingServer(async (request, response) => {
    if (request.path === '/o/oauth2/v2/auth') return oauth.authorize(request.query, response);
    if (request.path === '/token' && request.method === 'POST')
      return oauth.token(request, response);
    if (!request.path.startsWith('/calendar/v3/')) return sendJson(response, 404, {});
    if (!oauth.authorized(request))
      return sendJson(response, 401, { error: { code: 401, message: 'Invalid Credentials' } });
    if (fake.hang) return; // never answers; the caller's timeout must end it
    if (fake.rateLimit !== null)
      return sendJson(
        response,
        429,
        { error: { code: 429, message: 'Rate Limit Exceeded' } },
        { 'retry-after': fake.rateLimit },
      );
    const rest = request.path.slice('/calendar/v3'.length);
    if (rest === '/users/me/calendarList')
      return sendJson(response, 200, { items: fake.calendars });
    if (rest === '/channels/stop' && request.method === 'POST') {
      const { id } = JSON.parse(request.body) as { id: string };
      fake.stopped.push(id);
      fake.channels.delete(id);
      return sendJson(response, 204, undefined);
    }
    const item = /^\/calendars\/([^/]+)\/events\/([^/]+)$/.exec(rest);
    if (item?.[1] && item[2] && item[2] !== 'watch')
      return writeEvent(
        request,
        response,
        decodeURIComponent(item[1]),
        decodeURIComponent(item[2]),
      );
    const match = /^\/calendars\/([^/]+)\/events(\/watch)?$/.exec(rest);
    if (!match?.[1]) return sendJson(response, 404, { error: { code: 404 } });
    const calendarId = decodeURIComponent(match[1]);
    if (!match[2] && request.method === 'POST')
      return writeEvent(request, response, calendarId, null);
    if (!match[2]) return listEvents(request, response, calendarId);
    const body = JSON.parse(request.body) as {
      id: string;
      token: string;
      address: string;
      params?: { ttl?: string };
    };
    const channel: GoogleChannel = {
      id: body.id,
      token: body.token,
      address: body.address,
      resourceId: fakeId('res-'),
      calendarId,
      expiration: Date.now() + Number(body.params?.ttl ?? 604_800) * 1000,
    };
    fake.channels.set(channel.id, channel);
    return sendJson(response, 200, {
      kind: 'api#channel',
      id: channel.id,
      resourceId: channel.resourceId,
      token: channel.token,
      expiration: String(channel.expiration),
    });
  });

  const fake: FakeGoogle = {
    url: server.url,
    oauth,
    requests: server.requests,
    calendars: [],
    channels: new Map(),
    stopped: [],
    rateLimit: null,
    failNext: null,
    hang: false,
    eventsOf: (calendarId) =>
      [...calendarEvents(calendarId).values()]
        .filter((event) => event.status !== 'cancelled')
        .map(({ seq: _seq, ...event }) => event),
    put(calendarId, event) {
      calendarEvents(calendarId).set(event.id, { ...event, seq: ++seq });
    },
    cancel(calendarId, id) {
      const found = calendarEvents(calendarId).get(id);
      if (found) calendarEvents(calendarId).set(id, { ...found, status: 'cancelled', seq: ++seq });
    },
    expireSyncTokens() {
      validFrom = seq + 1;
    },
    listCalls: (calendarId) =>
      server.requests.filter(
        (request) =>
          request.method === 'GET' &&
          /\/calendar\/v3\/calendars\/[^/]+\/events$/.test(request.path) &&
          (!calendarId || request.path.includes(encodeURIComponent(calendarId))),
      ),
    async notify(channelId, options = {}) {
      const channel = fake.channels.get(channelId);
      if (!channel) throw new Error(`no channel ${channelId}`);
      const response = await fetch(channel.address, {
        method: 'POST',
        headers: {
          'x-goog-channel-id': channel.id,
          'x-goog-channel-token': options.token ?? channel.token,
          'x-goog-resource-id': channel.resourceId,
          'x-goog-resource-state': options.state ?? 'exists',
          'x-goog-message-number': String(++seq),
        },
      });
      await response.body?.cancel();
      return response.status;
    },
    close: server.close,
  };
  return fake;
}
