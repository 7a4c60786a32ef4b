import type { LiveSlotMessage, ProblemCode } from '@booksprintz/shared';
import type { Appointment } from '../../db/schema/index.ts';
import type { BookingLinks } from './booking-answer.ts';
import type { CustomerCaps } from './customer-caps.ts';

/**
 * What the Worker sends a staff member's SlotLock and what comes back. Plain data:
 * Durable Object RPC keeps an Error's message but not its class or fields, so
 * failures travel as a problem code.
 */
export type LockResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: ProblemCode; detail: string };

export interface CustomerInput {
  name: string;
  /** Absent only for a desk booking (a walk-in): no customer record, no messages. */
  email?: string | undefined;
  phone?: string | undefined;
  sms_opt_in?: boolean | undefined;
}

export interface BookRequest {
  tenantId: string;
  staffId: string;
  serviceId: string;
  locationId: string | null;
  /** RFC 3339. */
  startTime: string;
  holdId?: string | undefined;
  customer: CustomerInput;
  notes?: string | undefined;
  locale?: string | undefined;
  timezone?: string | undefined;
  answers?: Record<string, unknown> | undefined;
  metadata?: Record<string, string> | undefined;
  source: 'online' | 'widget' | 'manual' | 'api';
  /** Admin manual bookings may skip min notice and approval. */
  asAdmin?: boolean;
  /**
   * The business books outside open hours / the notice window on purpose: the engine's
   * check is skipped and the appointment marked `rules_overridden`. Only the database's
   * overlap guard remains. Desk bookings only.
   */
  overrideRules?: boolean;
  /** Where a public request came from (`clientAddress`), if known. */
  clientAddress?: string | undefined;
  /** The origin the Worker answers from: the answer's links are made under it. */
  origin?: string | undefined;
  /** Live holds plus upcoming bookings per customer; absent for desk bookings and when
   * rate limits are off (dev and tests). */
  caps?: CustomerCaps | undefined;
}

export interface HoldRequest {
  tenantId: string;
  staffId: string;
  serviceId: string;
  locationId: string | null;
  startTime: string;
  holderEmail?: string | undefined;
  clientAddress?: string | undefined;
  /** Live holds plus upcoming bookings per customer; absent when rate limits are off. */
  caps?: CustomerCaps | undefined;
}

export interface HoldPlaced {
  hold_id: string;
  staff_id: string;
  start_time: string;
  end_time: string;
  expires_at: string;
}

export interface BookedAppointment {
  appointmentId: string;
  /** The row as committed, so the Worker answers without a database of its own. */
  appointment: Appointment;
  /**
   * The answer's manage token and links under the request's `origin` (made with the
   * messages, `bookingLinks`); absent when the booking awaits a deposit (the Worker reads
   * the row again then) or no origin was given.
   */
  links?: BookingLinks | undefined;
  /** RFC 3339; set when the booking awaits a deposit and lets go of its slot then. */
  expiresAt?: string | undefined;
}

export interface RescheduleRequest {
  tenantId: string;
  appointmentId: string;
  /** The staff member taking the new time (this lock's staff member). */
  staffId: string;
  startTime: string;
  by: 'customer' | 'staff';
  /** New length (a resize at the desk); absent: the appointment keeps its own. */
  durationMinutes?: number | undefined;
  /** Staff only: skip open hours and notice (see `BookRequest.overrideRules`). */
  overrideRules?: boolean | undefined;
  /** False: the customer is not told (the desk unticked it). Default true. */
  notifyCustomer?: boolean | undefined;
}

export interface CancelRequest {
  tenantId: string;
  appointmentId: string;
  reason?: string | undefined;
  by: 'customer' | 'staff' | 'system';
  /** False: the customer is not told (the desk unticked it). Default true. */
  notifyCustomer?: boolean | undefined;
}

/** An admin's status change, made under the appointment's staff member's lock. */
export interface StatusChangeRequest {
  tenantId: string;
  /** The appointment's staff member as read before the call (whose lock this is). */
  staffId: string;
  appointmentId: string;
  status: 'confirmed' | 'completed' | 'no_show';
  /** The staff member approving (a staff key's own), if any. */
  approvedBy: string | null;
}

/** A change to a staff member's calendar, pushed to open widgets as it is. */
export type SlotChange = LiveSlotMessage;

/** A Stripe webhook's verdict on an appointment's deposit, settled under the lock. */
export interface SettlePaymentRequest {
  tenantId: string;
  /** The staff member whose lock this is (the appointment's, as read before the call). */
  staffId: string;
  appointmentId: string;
  /** Stripe's event id: handled once per tenant (`booking_stripe_events`). */
  eventId: string;
  eventType: string;
  paymentIntentId: string;
  /** What the PaymentIntent came to: paid, or failed and not paid. */
  result: 'succeeded' | 'failed';
  /** For `succeeded`: what Stripe received, in the appointment's currency's cents. */
  amountReceivedCents: number;
}

/**
 * `confirmed` (paid, slot kept), `paid` (paid, still awaiting approval), `recorded`
 * (paid for an appointment not waiting on it), `cancelled` (failed; slot freed),
 * `refund_due` (paid after the slot was let go: refunded), `duplicate`, `ignored`.
 */
export type SettleOutcome =
  | 'confirmed'
  | 'paid'
  | 'recorded'
  | 'cancelled'
  | 'refund_due'
  | 'duplicate'
  | 'ignored';
