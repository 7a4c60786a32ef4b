import type {
  Appointment,
  Availability,
  AvailabilityQuery,
  BookingRequest,
  BookingResult,
  FunnelEvent,
  Hold,
  HoldRequest,
  Location,
  ProblemCode,
  Service,
  Staff,
  TenantProfile,
  TenantProfileWithLists,
} from './types.ts';

/**
 * Codes the widget can meet: the API's stable problem codes plus its own (no answer, an
 * unreadable one, and the deposit step's: Stripe.js did not load, the payment was refused,
 * the payment came after the hold ran out).
 */
export type ErrorCode =
  | ProblemCode
  | 'network'
  | 'unknown'
  | 'payment_unavailable'
  | 'payment_failed'
  | 'payment_late';

export interface FieldError {
  path: string;
  message: string;
}

/** A failed call: the problem's stable `code` drives the message the customer sees. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[];

  constructor(code: ErrorCode, status: number, message: string, errors: FieldError[] = []) {
    super(message);
    this.code = code;
    this.status = status;
    this.errors = errors;
  }
}

type Query = Record<string, string | undefined>;

/**
 * The public booking API of one tenant (API.md). Never sends cookies: the widget runs on
 * other people's sites, and the API authorises by `Origin`, not by session.
 *
 * @example
 * const api = new BookingApi('https://book.example.com', 'demo');
 * const services = await api.services();
 */
export class BookingApi {
  readonly base: string;

  constructor(origin: string, tenant: string) {
    this.base = `${origin.replace(/\/+$/, '')}/api/booking/v1/${encodeURIComponent(tenant)}`;
  }

  profile(): Promise<TenantProfile> {
    return this.#request('');
  }

  /** The profile with the services, staff and locations, in one request (`?include=`). */
  catalog(): Promise<TenantProfileWithLists> {
    return this.#request('?include=services,staff,locations');
  }

  services(): Promise<Service[]> {
    return this.#list('/services');
  }

  staff(): Promise<Staff[]> {
    return this.#list('/staff');
  }

  locations(): Promise<Location[]> {
    return this.#list('/locations');
  }

  availability(query: AvailabilityQuery): Promise<Availability> {
    return this.#request(`/availability${search({ ...query })}`);
  }

  hold(body: HoldRequest): Promise<Hold> {
    return this.#request('/holds', 'POST', body);
  }

  /** Fire-and-forget friendly: `keepalive` lets it finish while the page unloads. */
  releaseHold(holdId: string): Promise<void> {
    return this.#request(`/holds/${encodeURIComponent(holdId)}`, 'DELETE', undefined, {
      keepalive: true,
    });
  }

  /** `idempotencyKey` stays the same across retries of one submit, so a retry never books twice. */
  book(body: BookingRequest, idempotencyKey: string): Promise<BookingResult> {
    return this.#request('/appointments', 'POST', body, {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  /** The customer's view of an appointment; the booking's `manage_token` authorises it. */
  appointment(id: string, token: string): Promise<Appointment> {
    return this.#request(`/appointments/${encodeURIComponent(id)}${search({ token })}`);
  }

  /**
   * A funnel step (DESIGN.md §11) by `navigator.sendBeacon`: plain text, so no preflight;
   * never awaited and never thrown, so an ad blocker cannot get in the booking's way.
   * Sent after the next frame is painted: the step it counts is drawn first (`view` came
   * with the first slots, and its request took the machine's CPU from drawing them:
   * first_slot_ms 24–31 ms less, docs/performance.md). A hidden page paints no frame.
   */
  event(body: FunnelEvent): void {
    const send = () =>
      setTimeout(() => {
        try {
          navigator.sendBeacon(`${this.base}/events`, JSON.stringify(body));
        } catch {}
      });
    if (document.hidden) send();
    else requestAnimationFrame(send);
  }

  /** WebSocket URL of the live slot feed (ws/wss of the API origin). */
  liveUrl(query: Query): string {
    return `${this.base.replace(/^http/, 'ws')}/live${search(query)}`;
  }

  async #list<T>(path: string): Promise<T[]> {
    return (await this.#request<{ data: T[] }>(path)).data;
  }

  async #request<T>(
    path: string,
    method = 'GET',
    body?: unknown,
    init: { headers?: Record<string, string>; keepalive?: boolean } = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        ...init,
        method,
        // No content type on GETs: they stay CORS "simple requests", saving a preflight.
        headers:
          body === undefined
            ? init.headers
            : { ...init.headers, 'Content-Type': 'application/json' },
        credentials: 'omit',
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError('network', 0, String(cause));
    }
    if (response.status === 204) return undefined as T;
    const json = await response.json().catch(() => null);
    if (response.ok) return json as T;
    throw new ApiError(
      json?.code ?? 'unknown',
      response.status,
      json?.detail ?? response.statusText,
      Array.isArray(json?.errors) ? json.errors : [],
    );
  }
}

function search(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
