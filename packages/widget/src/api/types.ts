/**
 * Shapes of the public booking API (API.md), as the widget reads them.
 *
 * The contract's source is the zod schemas of `@booksprintz/shared`. They are not
 * imported here because these types are published with the npm package and the shared
 * package is private; `test/api-contract.ts` instead fails the typecheck when a type
 * here drifts from the shared one it mirrors (what the API answers must read as what the
 * widget expects; what the widget sends must be what the API accepts).
 */

/** Stable problem codes (API.md, `PROBLEM_CODES` in the shared package). */
export type ProblemCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'not_found'
  | 'method_not_allowed'
  | 'slot_unavailable'
  | 'hold_expired'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'idempotency_mismatch'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal_error'
  | 'calendar_unreachable'
  | 'service_unavailable';

/** RFC 9457 problem details, as every error response of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string | undefined;
  request_id?: string | undefined;
  errors?: { path: string; message: string }[] | undefined;
}

/** `GET /api/booking/v1/:tenant`. */
export interface TenantProfile {
  business_name: string;
  timezone: string;
  currency: string;
  locale: string;
  logo_url: string | null;
  primary_color: string;
  booking_page_settings: Record<string, unknown>;
  /** Whether this page (its Origin) may book: one of the business's allowed domains. */
  origin_allowed: boolean;
}

/**
 * `GET /api/booking/v1/:tenant?include=services,staff,locations`: the profile with the
 * lists it names (none for a page that may not book; none from an API older than `include`).
 */
export interface TenantProfileWithLists extends TenantProfile {
  services?: Service[] | undefined;
  staff?: Staff[] | undefined;
  locations?: Location[] | undefined;
}

/** `GET /services` item (API.md "Service object"). */
export interface Service {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  category: string | null;
  image_url: string | null;
  duration_minutes: number;
  price_cents: number | null;
  currency: string;
  deposit_required: boolean;
  deposit_amount_cents: number | null;
  deposit_percentage: number | null;
  booking_type: 'individual' | 'group' | 'class';
  max_capacity: number | null;
  requires_approval: boolean;
  /** Staff ids that may perform the service; empty = any. */
  available_with_staff: string[];
  /** Location ids where the service is offered; empty = any. */
  available_at_locations: string[];
  display_order: number;
}

/** `GET /staff` item: public fields only. */
export interface Staff {
  id: string;
  name: string;
  /** The name as a URL handle (`alex-rivera`), as the `staff` attribute may give it. */
  slug: string;
  title: string | null;
  bio: string | null;
  avatar_url: string | null;
}

/** `GET /locations` item (the fields the widget shows). */
export interface Location {
  id: string;
  name: string;
  /** The name as a URL handle (`main-street`), as the `location` attribute may give it. */
  slug: string;
  address_line1?: string | null;
  city?: string | null;
  timezone?: string | null;
  is_primary?: boolean;
}

export interface Slot {
  /** UTC instant, RFC 3339. */
  start_time: string;
  end_time: string;
  /** The staff member the booking would get (also with "any staff"). */
  staff_id: string;
  location_id: string | null;
  remaining_capacity: number;
}

export interface AvailabilityDay {
  /** `YYYY-MM-DD` in the request's zone. */
  date: string;
  slots: Slot[];
}

export interface Availability {
  service_id: string;
  timezone: string;
  days: AvailabilityDay[];
}

export interface AvailabilityQuery {
  service_id: string;
  staff_id?: string | undefined;
  location_id?: string | undefined;
  start_date: string;
  end_date: string;
  timezone: string;
}

export interface HoldRequest {
  service_id: string;
  staff_id?: string | undefined;
  location_id?: string | undefined;
  start_time: string;
}

export interface Hold {
  hold_id: string;
  staff_id: string;
  start_time: string;
  end_time: string;
  expires_at: string;
}

export interface BookingRequest {
  service_id: string;
  staff_id?: string | undefined;
  location_id?: string | undefined;
  start_time: string;
  hold_id?: string | undefined;
  customer: { name: string; email: string; phone?: string | undefined };
  notes?: string | undefined;
  locale: 'en' | 'es' | 'fr';
  timezone: string;
  answers?: Record<string, string | number | boolean | null>;
  /** UTM attribution (WIDGET.md `utm-*` attributes). */
  metadata?: Record<string, string>;
}

export interface Appointment {
  id: string;
  confirmation_code: string;
  status: 'confirmed' | 'pending' | (string & {});
  service_id: string;
  staff_id: string;
  location_id: string | null;
  start_time: string;
  end_time: string;
  timezone: string | null;
  currency?: string;
  customer_name?: string;
  /** Null only for a desk booking made without one (never on the public path). */
  customer_email?: string | null;
  total_price_cents?: number | null;
  deposit_paid_cents?: number;
  payment_status?: string;
  /**
   * Still owed at the appointment: the price less the deposit *received*, so until the
   * deposit is paid it is the whole price.
   */
  balance_due_cents?: number;
}

/**
 * Present when a deposit is due: the appointment is `pending` and holds its time until
 * `expires_at`; the widget's deposit step pays it with Stripe's Payment Element.
 */
export interface Payment {
  provider: 'stripe';
  client_secret: string;
  amount_cents: number;
  currency: string;
  publishable_key: string;
  /** For Stripe.js `{ stripeAccount }` when the business is on Connect. */
  stripe_account_id: string | null;
  expires_at: string;
}

export interface BookingResult {
  appointment: Appointment;
  manage_token: string;
  manage_url: string;
  calendar_url: string;
  /** Adds the appointment in Google Calendar; in Outlook on the web. */
  google_calendar_url: string;
  outlook_calendar_url: string;
  payment: Payment | null;
}

/** Messages of the live-slots WebSocket. */
export interface LiveSlotMessage {
  type: 'taken' | 'freed';
  staff_id: string;
  start_time: string;
  end_time: string;
}

/** `POST /:tenant/events`: a step of the widget's funnel (API.md "Analytics"). */
export interface FunnelEvent {
  type: 'view' | 'service_selected' | 'slot_selected' | 'details_started' | 'booked';
  /** Random per page view: no cookie, nothing about the visitor. */
  session: string;
  /** The owner app's id of this embed, when the page gives one (`widget-id`). */
  widget_id?: string | undefined;
}
