import { z } from 'zod';
import { appointmentSchema, appointmentStatus, bookingRequestSchema, idOrSlug } from './booking.ts';
import { email, instant, instantInput, isoDate, line, text, uuid } from './common.ts';

export const bookingSource = z.enum(['online', 'widget', 'manual', 'api']);

/**
 * `POST …/appointments` (admin): the public booking body plus staff-only fields. The
 * customer's e-mail is optional at the desk (a walk-in who gives none): such a booking
 * has no customer record and no message is sent to the customer.
 */
export const adminBookingSchema = bookingRequestSchema.extend({
  customer: bookingRequestSchema.shape.customer.extend({ email: email.optional() }),
  internal_notes: text(5000).optional(),
  booking_source: bookingSource.default('manual'),
  /**
   * Book outside the staff member's open hours, inside the notice window or past the
   * advance limit on purpose. Recorded on the appointment (`rules_overridden`). Never
   * over another booking: the database still refuses overlaps (409).
   */
  override_rules: z.boolean().default(false),
});

/**
 * `PUT …/appointments/:id`: a status change (confirm a pending booking, complete,
 * no-show, cancel), notes, or a move (start_time and/or staff_id).
 */
export const adminAppointmentUpdateSchema = z
  .strictObject({
    status: z.enum(['confirmed', 'completed', 'no_show', 'cancelled']),
    cancellation_reason: text(1000),
    internal_notes: text(5000).nullable(),
    notes: text(2000).nullable(),
    start_time: instantInput,
    staff_id: idOrSlug,
    /** Lengthen or shorten (a resize on the calendar); kept by later moves. */
    duration_minutes: z.number().int().min(5).max(1440),
    /** With a move: outside hours or the notice window on purpose, recorded as such. */
    override_rules: z.boolean(),
    /** Whether the customer hears of a move or cancellation (default true). */
    notify_customer: z.boolean(),
  })
  .partial()
  .refine(
    (body) =>
      Object.keys(body).some((key) => key !== 'override_rules' && key !== 'notify_customer'),
    'give at least one field to change',
  )
  .refine(
    (body) => !(body.status && (body.start_time || body.staff_id || body.duration_minutes)),
    'change the status or move the appointment, not both at once',
  );

export const adminAppointmentListQuerySchema = z.strictObject({
  start_date: isoDate.optional(),
  end_date: isoDate.optional(),
  status: appointmentStatus.optional(),
  staff_id: uuid.optional(),
  service_id: uuid.optional(),
  customer_email: line(255).optional(),
  /** Up to 500: a calendar's week of a busy team in one request. */
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

/** What staff see of an appointment: the customer's view plus the desk's fields. */
export const adminAppointmentSchema = appointmentSchema.extend({
  customer_phone: z.string().nullable(),
  customer_notes: z.string().nullable(),
  internal_notes: z.string().nullable(),
  booking_source: bookingSource,
  requires_approval: z.boolean(),
  /** Booked or moved outside the rules on purpose by the business (`override_rules`). */
  rules_overridden: z.boolean(),
  duration_minutes: z.number().int(),
  approved_at: instant.nullable(),
  cancelled_by: z.string().nullable(),
  /** The deposit the booking asked for (0: none). */
  deposit_cents: z.number().int(),
  /** A refund decided but not yet confirmed by Stripe (retried until it is). */
  refund_due_cents: z.number().int(),
  stripe_payment_intent_id: z.string().nullable(),
  locale: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: instant,
  updated_at: instant,
});

export type AdminBooking = z.infer<typeof adminBookingSchema>;
export type AdminAppointmentUpdate = z.infer<typeof adminAppointmentUpdateSchema>;
export type AdminAppointmentListQuery = z.infer<typeof adminAppointmentListQuerySchema>;
export type AdminAppointment = z.infer<typeof adminAppointmentSchema>;
