import type { ProblemCode } from '@booksprintz/shared';

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
  email: string;
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
}

export interface HoldRequest {
  tenantId: string;
  staffId: string;
  serviceId: string;
  locationId: string | null;
  startTime: string;
  holderEmail?: string | undefined;
  holderIp?: string | undefined;
  /** Caps on simultaneous holds; absent when rate limits are off (dev and tests). */
  caps?: { perEmail: number; perAddress: number } | undefined;
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
}

export interface RescheduleRequest {
  tenantId: string;
  appointmentId: string;
  /** The staff member taking the new time (this lock's staff member). */
  staffId: string;
  startTime: string;
  by: 'customer' | 'staff';
}

export interface CancelRequest {
  tenantId: string;
  appointmentId: string;
  reason?: string | undefined;
  by: 'customer' | 'staff' | 'system';
}

/** A change to a staff member's calendar, pushed to open widgets. */
export interface SlotChange {
  type: 'taken' | 'freed';
  staff_id: string;
  start_time: string;
  end_time: string;
}
