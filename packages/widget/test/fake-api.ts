/**
 * An in-page fake of the public booking API (API.md) for component tests: `fetch` and
 * `WebSocket` are replaced while a test runs. It follows the contract's shapes and codes
 * (slots bucketed by the request's zone, holds, 409 on a taken slot, problem+json), and
 * holds itself to them: every request body it accepts and every answer it gives goes
 * through the shared zod schemas, the ones the real API validates with, so a fake that
 * drifts from the contract fails the test instead of passing it. The end-to-end suite
 * checks the widget against the real Worker.
 */
import {
  type Appointment,
  appointmentSchema,
  availabilityResponseSchema,
  bookingRequestSchema,
  bookingResponseSchema,
  type FunnelEvent,
  funnelEventSchema,
  holdRequestSchema,
  holdSchema,
  type Location,
  locationSchema,
  type PublicStaff,
  problemSchema,
  publicStaffSchema,
  type Service,
  serviceSchema,
  type TenantProfile,
  tenantProfileQuerySchema,
  tenantProfileSchema,
  tenantProfileWithListsSchema,
} from '@booksprintz/shared';
import { z } from 'zod';
import type { Problem, Slot } from '../src/api/types.ts';

export const API = 'https://api.test';
export const BASE = `${API}/api/booking/v1/demo`;

/** Ids as the API gives them (UUIDs), spelled so a test reads which is which. */
export const ID = {
  haircut: '5e000000-0000-4000-8000-00000000c001',
  color: '5e000000-0000-4000-8000-00000000c002',
  beardTrim: '5e000000-0000-4000-8000-00000000c003',
  yoga: '5e000000-0000-4000-8000-00000000c004',
  alex: '57af0000-0000-4000-8000-0000000a1e00',
  sam: '57af0000-0000-4000-8000-000000005a00',
  /** Not on the team unless a test adds them. */
  jo: '57af0000-0000-4000-8000-0000000004b0',
  mainStreet: '10c00000-0000-4000-8000-000000000001',
  appointment: 'a0000000-0000-4000-8000-000000000001',
} as const;

/** `hold-1`, `hold-2`…: the nth hold's id. */
export const holdId = (n: number) => `401d0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const SERVICES: Service[] = [
  service(ID.haircut, 'haircut', 'Haircut', 30, 3500, { description: 'Wash, cut and style.' }),
  service(ID.color, 'color', 'Colour', 90, 12000, {
    description: 'Full colour with toner.',
    deposit_required: true,
    deposit_amount_cents: 3000,
  }),
  service(ID.beardTrim, 'beard-trim', 'Beard trim', 15, 1500, {
    available_with_staff: [ID.alex],
  }),
];

/**
 * A class (not offered unless a test adds it to `api.services`): 12 places, Saturdays
 * 10:00 only, with Sam; `api.booked` counts the places taken.
 */
export const YOGA: Service = service(ID.yoga, 'yoga', 'Morning yoga', 60, 1800, {
  booking_type: 'class',
  max_capacity: 12,
  available_with_staff: [ID.sam],
});

export const STAFF: PublicStaff[] = [
  {
    id: ID.alex,
    name: 'Alex Rivera',
    slug: 'alex-rivera',
    title: 'Senior stylist',
    bio: null,
    avatar_url: null,
  },
  {
    id: ID.sam,
    name: 'Sam Chen',
    slug: 'sam-chen',
    title: 'Colourist',
    bio: null,
    avatar_url: null,
  },
];

export const LOCATIONS: Location[] = [
  {
    id: ID.mainStreet,
    name: 'Main Street',
    slug: 'main-street',
    address_line1: '12 Main St',
    address_line2: null,
    city: 'Springfield',
    state: 'IL',
    postal_code: '62701',
    country: 'US',
    timezone: 'America/New_York',
    phone: null,
    email: null,
    latitude: null,
    longitude: null,
    is_primary: true,
    display_order: 0,
    status: 'active',
  },
];

export const PROFILE: TenantProfile = {
  business_name: 'Demo Salon',
  timezone: 'America/New_York',
  currency: 'USD',
  locale: 'en-US',
  logo_url: null,
  primary_color: '#6d28d9',
  booking_page_settings: {},
  origin_allowed: true,
};

function service(
  id: string,
  slug: string,
  name: string,
  minutes: number,
  cents: number,
  extra: Partial<Service> = {},
): Service {
  return {
    id,
    slug,
    name,
    description: null,
    category: null,
    image_url: null,
    duration_minutes: minutes,
    price_cents: cents,
    currency: 'USD',
    deposit_required: false,
    deposit_amount_cents: null,
    deposit_percentage: null,
    booking_type: 'individual',
    max_capacity: 1,
    requires_approval: false,
    online_booking_enabled: true,
    available_with_staff: [],
    available_at_locations: [],
    buffer_time_before: 0,
    buffer_time_after: 0,
    slot_interval_minutes: null,
    min_notice_minutes: null,
    display_order: 0,
    status: 'active',
    ...extra,
  };
}

export interface RecordedRequest {
  method: string;
  url: URL;
  path: string;
  body: unknown;
  headers: Headers;
  credentials: RequestCredentials | undefined;
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  problem?: Partial<Problem>;
  /** Throw like a network failure instead of answering. */
  network?: boolean;
}

export class FakeApi {
  profile: TenantProfile = structuredClone(PROFILE);
  services: Service[] = structuredClone(SERVICES);
  staff: PublicStaff[] = structuredClone(STAFF);
  locations: Location[] = structuredClone(LOCATIONS);
  requests: RecordedRequest[] = [];
  /** Start instants (ms) that are booked by someone else. */
  taken = new Set<number>();
  /** Places taken in a class or group service, by start instant (ms). */
  booked = new Map<number, number>();
  released: string[] = [];
  /** The funnel events the widget sent with `navigator.sendBeacon`, in order. */
  beacons: (FunnelEvent & { url: string })[] = [];
  /** `sendBeacon` throws (as with some ad blockers) instead of queueing. */
  beaconsThrow = false;
  /** Milliseconds before each answer. */
  latency = 0;
  /** When set, profile requests wait for it (to observe the loading state). */
  gate: Promise<void> | undefined;
  /** When set, availability requests wait for it. */
  monthGate: Promise<void> | undefined;
  /** Answers given so far (errors included). */
  answered = 0;
  /**
   * `false`: an API from before the profile's `include` (it answers the profile alone,
   * whatever the query), for the widget's fallback to the three list routes.
   */
  includes = true;
  sockets: FakeSocket[] = [];
  socketsFail = false;
  /** Appointments booked, by id, as `GET /appointments/:id` shows them. */
  appointments = new Map<string, Appointment>();
  /** How long a booking with a deposit holds its time (`payment.expires_at`). */
  depositHoldMs = 10 * 60_000;
  /** How long a hold keeps its time (`expires_at`). */
  holdMs = 10 * 60_000;
  /**
   * A deposit booking stays `pending` for this many looks (`GET /appointments/:id`), as
   * while Stripe's webhook is on its way, then becomes `depositOutcome`: `confirmed`
   * (paid), or `cancelled` (the hold ran out first; the payment is refunded).
   */
  pendingPolls = 1;
  depositOutcome: 'confirmed' | 'cancelled' = 'confirmed';
  /** The business's Stripe account when it is connected through Connect. */
  stripeAccountId: string | null = null;
  private failures: Failure[] = [];
  private holds = 0;
  private restore: (() => void) | undefined;

  /** The clock the answers follow ("bookable from tomorrow", hold expiries). */
  readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  install(): this {
    const realFetch = window.fetch;
    const RealSocket = window.WebSocket;
    window.fetch = (input, init) => this.handle(new Request(input, init), init);
    // Beacons get no answer the page can see: the body is held to the contract here and
    // recorded, as the Worker would store it (POST /:tenant/events).
    navigator.sendBeacon = (url, data) => {
      if (this.beaconsThrow) throw new TypeError('blocked');
      if (typeof data !== 'string') throw new Error('the widget sends its beacons as text');
      this.beacons.push({ url: String(url), ...funnelEventSchema.parse(JSON.parse(data)) });
      return true;
    };
    const api = this;
    window.WebSocket = class extends FakeSocket {
      constructor(url: string | URL) {
        super(String(url), api.socketsFail);
        api.sockets.push(this);
      }
    } as unknown as typeof WebSocket;
    this.restore = () => {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
      window.fetch = realFetch;
      window.WebSocket = RealSocket;
    };
    return this;
  }

  uninstall(): void {
    this.restore?.();
  }

  /** The next matching request fails once. */
  failNext(method: string, path: RegExp, status: number, problem?: Partial<Problem>): void {
    this.failures.push({ method, path, status, ...(problem ? { problem } : {}) });
  }

  failNextWithNetworkError(method: string, path: RegExp): void {
    this.failures.push({ method, path, status: 0, network: true });
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Answers one request, as the Worker would (also used by scripts/serve-demo.ts in Node). */
  respond(request: Request): Promise<Response> {
    return this.handle(request, { credentials: request.credentials });
  }

  private async handle(request: Request, init?: RequestInit): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(BASE).pathname.length) || '/';
    const text =
      request.method === 'GET' || request.method === 'DELETE' ? '' : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    this.requests.push({
      method: request.method,
      url,
      path,
      body,
      headers: request.headers,
      credentials: init?.credentials,
    });
    if (path === '/' && this.gate) await this.gate;
    if (path === '/availability' && this.monthGate) await this.monthGate;
    // The browser's CORS refusal on a page the business has not allowed: only the profile
    // is readable there, and fetch sees anything else as a network failure.
    if (this.profile.origin_allowed === false && path !== '/')
      throw new TypeError('Failed to fetch');
    if (this.latency) await new Promise((r) => setTimeout(r, this.latency));
    const failure = this.failures.findIndex(
      (f) => f.method === request.method && f.path.test(path),
    );
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      if (f?.network) throw new TypeError('Failed to fetch');
      return problem(f!.status, f!.problem?.code ?? 'internal_error', f!.problem);
    }
    const response = this.route(request.method, path, url, body);
    this.answered++;
    return response;
  }

  private route(method: string, path: string, url: URL, body: unknown): Response {
    const list = <T extends z.ZodType>(schema: T, data: unknown[]) =>
      answer(z.object({ data: z.array(schema) }), 200, { data });
    if (method === 'GET' && path === '/') {
      if (!this.includes) return answer(tenantProfileSchema, 200, this.profile);
      const query = tenantProfileQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) return invalid(query.error);
      const include = new Set(this.profile.origin_allowed ? query.data.include : []);
      return answer(tenantProfileWithListsSchema, 200, {
        ...this.profile,
        ...(include.has('services') ? { services: this.services } : {}),
        ...(include.has('staff') ? { staff: this.staff } : {}),
        ...(include.has('locations') ? { locations: this.locations } : {}),
      });
    }
    if (method === 'GET' && path === '/services') return list(serviceSchema, this.services);
    if (method === 'GET' && path === '/staff') return list(publicStaffSchema, this.staff);
    if (method === 'GET' && path === '/locations') return list(locationSchema, this.locations);
    if (method === 'GET' && path === '/availability') {
      // The API takes ids or slugs, answers with the service's id, and 404s an unknown one.
      const params = new URLSearchParams(url.searchParams);
      const ref = <T extends { id: string; slug: string }>(list: T[], key: string | null) =>
        key === null ? null : (list.find((item) => item.id === key || item.slug === key)?.id ?? '');
      const service = ref(this.services, params.get('service_id'));
      const staff = ref(this.staff, params.get('staff_id'));
      if (!service || staff === '') return problem(404, 'not_found');
      params.set('service_id', service);
      if (staff) params.set('staff_id', staff);
      return answer(availabilityResponseSchema, 200, this.availability(params));
    }
    if (method === 'POST' && path === '/holds') {
      const request = holdRequestSchema.safeParse(body);
      if (!request.success) return invalid(request.error);
      const { service_id, staff_id, start_time } = request.data;
      const slot = this.slotAt(service_id, staff_id, start_time);
      if (!slot) return problem(409, 'slot_unavailable');
      this.holds++;
      return answer(holdSchema, 201, {
        hold_id: holdId(this.holds),
        staff_id: slot.staff_id,
        start_time: slot.start_time,
        end_time: slot.end_time,
        expires_at: iso(this.now() + this.holdMs),
      });
    }
    const release = path.match(/^\/holds\/(.+)$/);
    if (method === 'DELETE' && release) {
      this.released.push(decodeURIComponent(release[1]!));
      return new Response(null, { status: 204 });
    }
    if (method === 'POST' && path === '/appointments') {
      const request = bookingRequestSchema.safeParse(body);
      if (!request.success) return invalid(request.error);
      const { service_id, staff_id, start_time, customer, timezone } = request.data;
      const slot = this.slotAt(service_id, staff_id, start_time);
      if (!slot) return problem(409, 'slot_unavailable');
      const service = this.services.find((s) => s.id === service_id || s.slug === service_id)!;
      const start = Date.parse(start_time);
      if (service.booking_type === 'individual') this.taken.add(start);
      else this.booked.set(start, (this.booked.get(start) ?? 0) + 1);
      const payment = service.deposit_required
        ? {
            provider: 'stripe' as const,
            client_secret: 'pi_secret',
            amount_cents: service.deposit_amount_cents ?? 0,
            currency: service.currency,
            publishable_key: 'pk_test',
            stripe_account_id: this.stripeAccountId,
            expires_at: iso(this.now() + this.depositHoldMs),
          }
        : null;
      const appointment: Appointment = {
        id: ID.appointment,
        confirmation_code: 'K7M2Q9XD',
        status: payment ? 'pending' : 'confirmed',
        service_id: service.id,
        staff_id: slot.staff_id,
        location_id: this.locations.length === 1 ? this.locations[0]!.id : null,
        start_time: slot.start_time,
        end_time: slot.end_time,
        timezone: timezone ?? null,
        currency: service.currency,
        customer_name: customer.name,
        customer_email: customer.email,
        total_price_cents: service.price_cents,
        deposit_paid_cents: 0,
        payment_status: 'unpaid',
        refunded_cents: 0,
        // As the API computes it: the price less what has been paid so far.
        balance_due_cents: service.price_cents,
      };
      this.appointments.set(appointment.id, appointment);
      return answer(bookingResponseSchema, 201, {
        appointment,
        manage_token: 'tok',
        manage_url: `${API}/manage/${appointment.id}?token=tok`,
        calendar_url: `${BASE}/appointments/${appointment.id}/calendar.ics?token=tok`,
        google_calendar_url: `https://calendar.google.com/calendar/render?action=TEMPLATE&text=Appointment&details=${appointment.id}`,
        outlook_calendar_url: `https://outlook.live.com/calendar/0/deeplink/compose?subject=Appointment&body=${appointment.id}`,
        payment,
      });
    }
    const view = path.match(/^\/appointments\/([^/]+)$/);
    if (method === 'GET' && view) {
      const appointment = this.appointments.get(decodeURIComponent(view[1]!));
      if (!appointment) return problem(404, 'not_found');
      if (url.searchParams.get('token') !== 'tok') return problem(401, 'unauthorized');
      if (appointment.status === 'pending' && this.pendingPolls-- <= 0) this.settle(appointment);
      return answer(appointmentSchema, 200, appointment);
    }
    return problem(404, 'not_found');
  }

  /** What the webhook (or the hold's expiry) does to a deposit booking on the server. */
  private settle(appointment: Appointment): void {
    const service = this.services.find((s) => s.id === appointment.service_id)!;
    const total = appointment.total_price_cents;
    if (this.depositOutcome === 'confirmed') {
      const paid = service.deposit_amount_cents ?? 0;
      Object.assign(appointment, {
        status: 'confirmed',
        deposit_paid_cents: paid,
        payment_status: 'deposit_paid',
        balance_due_cents: total - paid,
      });
    } else {
      Object.assign(appointment, {
        status: 'cancelled',
        payment_status: 'refunded',
        refunded_cents: appointment.deposit_paid_cents,
        balance_due_cents: 0,
      });
    }
  }

  /** Slots per API.md: every date of the range, slots bucketed by the request's zone. */
  availability(params: URLSearchParams) {
    const zone = params.get('timezone') || this.profile.timezone;
    const start = params.get('start_date') ?? params.get('date')!;
    const end = params.get('end_date') ?? start;
    const staffId = params.get('staff_id') ?? undefined;
    const serviceId = params.get('service_id')!;
    const byDate = new Map<string, Slot[]>();
    for (let date = addDays(start, -1); date <= addDays(end, 1); date = addDays(date, 1)) {
      for (const slot of this.daySlots(serviceId, staffId, date)) {
        const day = dateIn(Date.parse(slot.start_time), zone);
        if (day < start || day > end) continue;
        byDate.set(day, [...(byDate.get(day) ?? []), slot]);
      }
    }
    const days = [];
    for (let date = start; date <= end; date = addDays(date, 1))
      days.push({ date, slots: byDate.get(date) ?? [] });
    return { service_id: serviceId, timezone: zone, days };
  }

  /**
   * The business's day (its zone): 09:00–17:00 Monday to Saturday, every 30 minutes;
   * Alex all day, Sam from 12:00 and not on Saturdays; bookable from tomorrow. A class
   * keeps its own hours instead (the service's rules): yoga is Saturdays at 10:00, with
   * the places not yet taken; a full session is not offered, as the API does.
   */
  private daySlots(
    serviceId: string,
    staffId: string | undefined,
    date: string,
    now = this.now(),
  ): Slot[] {
    const service = this.services.find((s) => s.id === serviceId || s.slug === serviceId);
    const zone = this.profile.timezone;
    const tomorrow = addDays(dateIn(now, zone), 1);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (!service || date < tomorrow || weekday === 0) return [];
    const eligible = this.staff
      .map((s) => s.id)
      .filter(
        (id) => !service.available_with_staff.length || service.available_with_staff.includes(id),
      )
      .filter((id) => !staffId || id === staffId);
    const slots: Slot[] = [];
    if (service.booking_type !== 'individual') {
      const start = zonedTime(date, 10 * 60, zone);
      const left = (service.max_capacity ?? 1) - (this.booked.get(start) ?? 0);
      if (service.id !== ID.yoga || weekday !== 6 || !eligible[0] || left <= 0) return [];
      return [
        {
          start_time: iso(start),
          end_time: iso(start + service.duration_minutes * 60_000),
          staff_id: eligible[0],
          location_id: null,
          remaining_capacity: left,
        },
      ];
    }
    for (let minutes = 9 * 60; minutes + service.duration_minutes <= 17 * 60; minutes += 30) {
      const start = zonedTime(date, minutes, zone);
      if (this.taken.has(start)) continue;
      const works = (id: string) => id === ID.alex || (minutes >= 12 * 60 && weekday !== 6);
      const staff = eligible.find(works);
      if (!staff) continue;
      slots.push({
        start_time: iso(start),
        end_time: iso(start + service.duration_minutes * 60_000),
        staff_id: staff,
        location_id: null,
        remaining_capacity: 1,
      });
    }
    return slots;
  }

  private slotAt(
    serviceId: string,
    staffId: string | undefined,
    startTime: string,
  ): Slot | undefined {
    const start = Date.parse(startTime);
    const date = dateIn(start, this.profile.timezone);
    // "Bookable from tomorrow" moves a whole day at the business's midnight: a slot listed
    // just before it stays bookable a few minutes after, so a test that lists and then
    // books across midnight does not get a 409 for it.
    return this.daySlots(serviceId, staffId, date, this.now() - LISTED_GRACE_MS).find(
      (s) => Date.parse(s.start_time) === start,
    );
  }
}

/** Stand-in for the live slot WebSocket; `emit` plays a server message. */
export class FakeSocket {
  url: string;
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(url: string, fail = false) {
    this.url = url;
    setTimeout(() => {
      if (this.closed) return;
      if (fail) {
        this.readyState = 3;
        this.onerror?.(new Event('error'));
        this.onclose?.(new Event('close'));
      } else {
        this.readyState = 1;
        this.onopen?.(new Event('open'));
      }
    });
  }

  emit(message: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  close(): void {
    this.closed = true;
    this.readyState = 3;
  }

  send(): void {}
}

/** An answer, held to the contract: a body its schema refuses fails the test at once. */
function answer(schema: z.ZodType, status: number, body: unknown): Response {
  const checked = schema.safeParse(body);
  if (!checked.success) {
    const message = `fake API answer breaks the contract: ${z.prettifyError(checked.error)}`;
    console.error(message);
    throw new Error(message);
  }
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** 400 for a request body the contract refuses, with the fields as the API names them. */
function invalid(error: z.ZodError): Response {
  return problem(400, 'validation_failed', {
    errors: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });
}

function problem(status: number, code: string, extra: Partial<Problem> = {}): Response {
  const body = problemSchema.parse({
    type: 'about:blank',
    title: code,
    status,
    detail: `${code} (fake)`,
    code,
    ...extra,
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  if (status === 429) headers['Retry-After'] = '30';
  return new Response(JSON.stringify(body), { status, headers });
}

/** How long a slot that was listed stays bookable after the listing's day has moved on. */
const LISTED_GRACE_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Cached: building an Intl formatter costs far more than using one. */
function formatter(kind: 'date' | 'parts', zone: string): Intl.DateTimeFormat {
  let cached = formatters.get(kind + zone);
  if (!cached) {
    cached =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', {
            timeZone: zone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
          })
        : new Intl.DateTimeFormat('en-US', {
            timeZone: zone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
    formatters.set(kind + zone, cached);
  }
  return cached;
}

export function dateIn(ms: number, zone: string): string {
  return formatter('date', zone).format(ms);
}

/** The instant of a wall-clock time (minutes after midnight) on a date in a zone. */
export function zonedTime(date: string, minutes: number, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 0, minutes);
  const offset = (ms: number) => {
    const parts = formatter('parts', zone).formatToParts(ms);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return (
      Date.UTC(
        get('year'),
        get('month') - 1,
        get('day'),
        get('hour'),
        get('minute'),
        get('second'),
      ) - ms
    );
  };
  const first = guess - offset(guess);
  return guess - offset(first);
}
