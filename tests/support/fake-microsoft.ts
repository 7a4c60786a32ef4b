import type { ServerResponse } from 'node:http';
import {
  FakeOAuth,
  type FakeRequest,
  fakeId,
  sendJson,
  startRecordingServer,
} from './fake-oauth.ts';

/** A calendarView occurrence as Graph returns it (asked for in UTC). */
export interface GraphEvent {
  id: string;
  iCalUId?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  responseStatus?: { response: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  subject?: string;
  body?: { contentType: string; content: string };
  /** Kept by the fake, never returned by delta (as Graph). */
  transactionId?: string;
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

export interface GraphSubscription {
  id: string;
  resource: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState: string;
  expirationDateTime: string;
  changeType: string;
}

export interface FakeMicrosoft {
  url: string;
  oauth: FakeOAuth;
  requests: FakeRequest[];
  calendars: Array<{ id: string; name: string; isDefaultCalendar?: boolean }>;
  subscriptions: Map<string, GraphSubscription>;
  deleted: string[];
  rateLimit: string | null;
  /**
   * The next request with this method to an event (create, update, delete) answers
   * `status`; with `apply`, the change is made first (an answer lost on the way back).
   */
  failNext: { method: string; status: number; apply?: boolean } | null;
  /**
   * A create repeating a stored event's `transactionId`: `conflict` answers 409
   * (ErrorDuplicateTransactionId), `same-event` answers 201 with the event the first
   * create made, the two ways Graph has been seen to answer a retried create.
   */
  repeatedTransaction: 'conflict' | 'same-event';
  /** Graph calls get no answer at all while set (a provider that hangs). */
  hang: boolean;
  /** The events of a calendar as stored, removed ones left out. */
  eventsOf(calendarId: string): GraphEvent[];
  put(calendarId: string, event: GraphEvent): void;
  remove(calendarId: string, id: string): void;
  /** Every delta link handed out so far answers 410 Gone. */
  expireDeltaLinks(): void;
  deltaCalls(): FakeRequest[];
  /** A change notification (optionally with another clientState). */
  notify(subscriptionId: string, options?: { clientState?: string }): Promise<number>;
  /** A lifecycle notification: reauthorizationRequired, subscriptionRemoved or missed. */
  lifecycle(
    subscriptionId: string,
    event: string,
    options?: { clientState?: string },
  ): Promise<number>;
  close(): Promise<void>;
}

/**
 * A stand-in for the Microsoft identity platform (v2.0 authorize/token under
 * `/common`) and Graph v1.0: calendars, calendarView/delta with delta links (410 once
 * expired, `@removed` for deleted occurrences), subscriptions with Graph's validation
 * handshake (it calls the notification URL with `validationToken` and wants it echoed)
 * and PATCH renewal, 429 on demand.
 */
export async function startFakeMicrosoft(): Promise<FakeMicrosoft> {
  const oauth = new FakeOAuth();
  const events = new Map<string, Map<string, GraphEvent & { seq: number; removed?: boolean }>>();
  let seq = 1;
  let validFrom = 0;
  let base = '';
  const calendarEvents = (id: string) => {
    const found =
      events.get(id) ?? new Map<string, GraphEvent & { seq: number; removed?: boolean }>();
    events.set(id, found);
    return found;
  };

  async function validate(address: string): Promise<boolean> {
    const token = fakeId('validation-');
    const response = await fetch(`${address}?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    return response.status === 200 && (await response.text()) === token;
  }

  const delta = (request: FakeRequest, response: ServerResponse, calendarId: string) => {
    const stored = [...calendarEvents(calendarId).values()].sort((a, b) => a.seq - b.seq);
    const token = request.query.get('$deltatoken');
    let items: Array<GraphEvent & { seq: number; removed?: boolean }>;
    if (token) {
      const since = Number(token.slice(1));
      if (!Number.isFinite(since) || since < validFrom)
        return sendJson(response, 410, { error: { code: 'SyncStateNotFound' } });
      items = stored.filter((event) => event.seq > since);
    } else {
      const from = Date.parse(request.query.get('startDateTime') ?? '');
      const to = Date.parse(request.query.get('endDateTime') ?? '');
      if (!Number.isFinite(from) || !Number.isFinite(to))
        return sendJson(response, 400, { error: { code: 'ErrorInvalidParameter' } });
      items = stored.filter(
        (event) =>
          !event.removed &&
          Date.parse(`${event.start.dateTime}Z`) < to &&
          Date.parse(`${event.end.dateTime}Z`) > from,
      );
    }
    const offset = Number(request.query.get('$skiptoken') ?? 0);
    const page = items.slice(offset, offset + 3);
    const link = `${base}/v1.0/me/calendars/${encodeURIComponent(calendarId)}/calendarView/delta`;
    const more = offset + 3 < items.length;
    const next = new URL(link);
    if (token) next.searchParams.set('$deltatoken', token);
    else {
      next.searchParams.set('startDateTime', request.query.get('startDateTime') ?? '');
      next.searchParams.set('endDateTime', request.query.get('endDateTime') ?? '');
    }
    next.searchParams.set('$skiptoken', String(offset + 3));
    sendJson(response, 200, {
      value: page.map(
        ({ seq: _seq, removed, transactionId: _t, singleValueExtendedProperties: _p, ...event }) =>
          removed ? { id: event.id, '@removed': { reason: 'deleted' } } : event,
      ),
      ...(more
        ? { '@odata.nextLink': next.toString() }
        : { '@odata.deltaLink': `${link}?$deltatoken=d${seq}` }),
    });
  };

  type Stored = GraphEvent & { seq: number; removed?: boolean };
  const findEvent = (id: string): Stored | undefined => {
    for (const calendar of events.values()) {
      const found = calendar.get(id);
      if (found && !found.removed) return found;
    }
    return undefined;
  };
  const shown = ({ seq: _seq, removed: _removed, ...event }: Stored) => event;

  /** Create (POST …/events), the $filter look-up by extended property, PATCH and DELETE. */
  const writeEvent = (
    request: FakeRequest,
    response: ServerResponse,
    calendarId: string | null,
    eventId: string | null,
  ) => {
    if (request.method === 'GET' && calendarId) {
      const filter = request.query.get('$filter') ?? '';
      const property = /ep\/id eq '([^']*)'/.exec(filter)?.[1];
      const value = /ep\/value eq '((?:[^']|'')*)'/.exec(filter)?.[1]?.replace(/''/g, "'");
      if (!property || value === undefined)
        return sendJson(response, 400, { error: { code: 'test: filter by extended property' } });
      const found = [...calendarEvents(calendarId).values()].filter(
        (event) =>
          !event.removed &&
          event.singleValueExtendedProperties?.some(
            (item) => item.id === property && item.value === value,
          ),
      );
      return sendJson(response, 200, { value: found.map((event) => ({ id: event.id })) });
    }
    const fault = fake.failNext?.method === request.method ? fake.failNext : null;
    if (fault) fake.failNext = null;
    if (fault && !fault.apply)
      return sendJson(response, fault.status, { error: { code: 'InternalServerError' } });
    const answer = (status: number, body: unknown) =>
      sendJson(response, fault ? fault.status : status, fault ? { error: {} } : body);
    if (request.method === 'POST' && calendarId) {
      const body = JSON.parse(request.body) as GraphEvent;
      const all = [...events.values()].flatMap((calendar) => [...calendar.values()]);
      const repeated = body.transactionId
        ? all.find((event) => event.transactionId === body.transactionId)
        : undefined;
      if (repeated && !repeated.removed && fake.repeatedTransaction === 'same-event')
        return answer(201, shown(repeated));
      if (repeated)
        return sendJson(response, 409, { error: { code: 'ErrorDuplicateTransactionId' } });
      const event: Stored = {
        showAs: 'busy',
        ...body,
        id: fakeId('evt-'),
        iCalUId: `${fakeId('uid-')}@outlook.test`,
        seq: ++seq,
      };
      calendarEvents(calendarId).set(event.id, event);
      return answer(201, shown(event));
    }
    const found = eventId ? findEvent(eventId) : undefined;
    if (!found) return sendJson(response, 404, { error: { code: 'ErrorItemNotFound' } });
    if (request.method === 'PATCH') {
      Object.assign(found, JSON.parse(request.body) as Partial<GraphEvent>, {
        id: found.id,
        seq: ++seq,
      });
      return answer(200, shown(found));
    }
    if (request.method === 'DELETE') {
      found.removed = true;
      found.seq = ++seq;
      return answer(204, undefined);
    }
    return sendJson(response, 405, { error: { code: 'MethodNotAllowed' } });
  };

  const server = await startRecordingServer(async (request, response) => {
    if (request.path === '/common/oauth2/v2.0/authorize')
      return oauth.authorize(request.query, response);
    if (request.path === '/common/oauth2/v2.0/token' && request.method === 'POST')
      return oauth.token(request, response);
    if (!request.path.startsWith('/v1.0/')) return sendJson(response, 404, {});
    if (!oauth.authorized(request))
      return sendJson(response, 401, { error: { code: 'InvalidAuthenticationToken' } });
    if (fake.hang) return; // never answers; the caller's timeout must end it
    if (fake.rateLimit !== null)
      return sendJson(
        response,
        429,
        { error: { code: 'TooManyRequests' } },
        { 'retry-after': fake.rateLimit },
      );
    const rest = request.path.slice('/v1.0'.length);
    if (rest === '/me/calendars') return sendJson(response, 200, { value: fake.calendars });
    const view = /^\/me\/calendars\/([^/]+)\/calendarView\/delta$/.exec(rest);
    if (view?.[1]) {
      if (request.headers.prefer?.includes('outlook.timezone="UTC"') !== true)
        return sendJson(response, 400, { error: { code: 'test: ask for UTC' } });
      return delta(request, response, decodeURIComponent(view[1]));
    }
    const list = /^\/me\/calendars\/([^/]+)\/events$/.exec(rest);
    if (list?.[1]) return writeEvent(request, response, decodeURIComponent(list[1]), null);
    const item = /^\/me\/events\/([^/]+)$/.exec(rest);
    if (item?.[1]) return writeEvent(request, response, null, decodeURIComponent(item[1]));
    if (rest === '/subscriptions' && request.method === 'POST') {
      const body = JSON.parse(request.body) as Omit<GraphSubscription, 'id'>;
      if (!(await validate(body.notificationUrl)))
        return sendJson(response, 400, { error: { code: 'ValidationError' } });
      if (body.lifecycleNotificationUrl && !(await validate(body.lifecycleNotificationUrl)))
        return sendJson(response, 400, { error: { code: 'ValidationError' } });
      const subscription: GraphSubscription = { ...body, id: fakeId('sub-') };
      fake.subscriptions.set(subscription.id, subscription);
      return sendJson(response, 201, subscription);
    }
    const one = /^\/subscriptions\/([^/]+)$/.exec(rest);
    const subscription = one?.[1] ? fake.subscriptions.get(one[1]) : undefined;
    if (one && !subscription)
      return sendJson(response, 404, { error: { code: 'ResourceNotFound' } });
    if (subscription && request.method === 'PATCH') {
      const body = JSON.parse(request.body) as { expirationDateTime: string };
      subscription.expirationDateTime = body.expirationDateTime;
      return sendJson(response, 200, subscription);
    }
    if (subscription && request.method === 'DELETE') {
      fake.subscriptions.delete(subscription.id);
      fake.deleted.push(subscription.id);
      return sendJson(response, 204, undefined);
    }
    return sendJson(response, 404, { error: { code: 'NotFound' } });
  });
  base = server.url;

  const post = async (address: string, body: unknown) => {
    const response = await fetch(address, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.body?.cancel();
    return response.status;
  };

  const fake: FakeMicrosoft = {
    url: server.url,
    oauth,
    requests: server.requests,
    calendars: [],
    subscriptions: new Map(),
    deleted: [],
    rateLimit: null,
    failNext: null,
    repeatedTransaction: 'conflict',
    hang: false,
    eventsOf: (calendarId) =>
      [...calendarEvents(calendarId).values()]
        .filter((event) => !event.removed)
        .map(({ seq: _seq, removed: _removed, ...event }) => event),
    put(calendarId, event) {
      calendarEvents(calendarId).set(event.id, { ...event, seq: ++seq });
    },
    remove(calendarId, id) {
      const found = calendarEvents(calendarId).get(id);
      if (found) calendarEvents(calendarId).set(id, { ...found, removed: true, seq: ++seq });
    },
    expireDeltaLinks() {
      validFrom = seq + 1;
    },
    deltaCalls: () =>
      server.requests.filter((request) => request.path.endsWith('/calendarView/delta')),
    notify(subscriptionId, options = {}) {
      const subscription = fake.subscriptions.get(subscriptionId);
      if (!subscription) throw new Error(`no subscription ${subscriptionId}`);
      return post(subscription.notificationUrl, {
        value: [
          {
            subscriptionId,
            clientState: options.clientState ?? subscription.clientState,
            changeType: 'updated',
            resource: subscription.resource,
            subscriptionExpirationDateTime: subscription.expirationDateTime,
          },
        ],
      });
    },
    lifecycle(subscriptionId, event, options = {}) {
      const subscription = fake.subscriptions.get(subscriptionId);
      if (!subscription) throw new Error(`no subscription ${subscriptionId}`);
      return post(subscription.lifecycleNotificationUrl ?? subscription.notificationUrl, {
        value: [
          {
            subscriptionId,
            clientState: options.clientState ?? subscription.clientState,
            lifecycleEvent: event,
            subscriptionExpirationDateTime: subscription.expirationDateTime,
          },
        ],
      });
    },
    close: server.close,
  };
  return fake;
}
