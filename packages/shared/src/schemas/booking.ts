import { z } from 'zod';
import {
  email,
  instant,
  instantInput,
  isoDate,
  jsonRecord,
  phone,
  shortText,
  text,
  timeZone,
  uuid,
} from './common.ts';
import { supportedLocale } from './tenant-admin.ts';

/** An id or a slug: public routes accept either for services, staff and locations. */
export const idOrSlug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9-]+$/, 'must be an id or a slug');

export const MAX_AVAILABILITY_DAYS = 42;

/**
 * What one customer may have at once with one business (DESIGN §8): live holds plus
 * upcoming bookings, by e-mail and by address. A family of four books from one home
 * and often one e-mail; an address may be shared, so it gets a little more. Both stay
 * well under a day's slots, so no one can reserve a whole day.
 */
export const CUSTOMER_CAPS = { perEmail: 4, perAddress: 6 } as const;

export const availabilityQuerySchema = z
  .strictObject({
    service_id: idOrSlug,
    staff_id: idOrSlug.optional(),
    location_id: idOrSlug.optional(),
    date: isoDate.optional(),
    start_date: isoDate.optional(),
    end_date: isoDate.optional(),
    timezone: timeZone.optional(),
  })
  .superRefine((query, ctx) => {
    const ranged = query.start_date !== undefined || query.end_date !== undefined;
    if (query.date !== undefined && ranged) {
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: 'give date or start_date/end_date, not both',
      });
    } else if (query.date === undefined && !ranged) {
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: 'give date or start_date and end_date',
      });
    } else if (ranged) {
      if (!query.start_date || !query.end_date) {
        ctx.addIssue({
          code: 'custom',
          path: [query.start_date ? 'end_date' : 'start_date'],
          message: 'required with the other end of the range',
        });
        return;
      }
      const days = (Date.parse(query.end_date) - Date.parse(query.start_date)) / 86_400_000 + 1;
      if (days < 1)
        ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'ends before it starts' });
      if (days > MAX_AVAILABILITY_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['end_date'],
          message: `at most ${MAX_AVAILABILITY_DAYS} days`,
        });
      }
    }
  });

export const slotSchema = z.object({
  start_time: instant,
  end_time: instant,
  staff_id: uuid,
  location_id: uuid.nullable(),
  remaining_capacity: z.number().int(),
});

export const availabilityResponseSchema = z.object({
  service_id: uuid,
  timezone: z.string(),
  days: z.array(z.object({ date: z.string(), slots: z.array(slotSchema) })),
});

/**
 * A message of the live-slots WebSocket (`GET /:tenant/live`): a staff member's calendar
 * changed, so open widgets drop (taken) or ask again for (freed) the times it touches.
 */
export const liveSlotMessageSchema = z.object({
  type: z.enum(['taken', 'freed']),
  staff_id: uuid,
  start_time: instant,
  end_time: instant,
});

export const holdRequestSchema = z.strictObject({
  service_id: idOrSlug,
  staff_id: idOrSlug.optional(),
  location_id: idOrSlug.optional(),
  start_time: instantInput,
  /** Optional: lets us cap how many slots one customer holds at once. */
  customer_email: email.optional(),
});

export const holdSchema = z.object({
  hold_id: uuid,
  staff_id: uuid,
  start_time: instant,
  end_time: instant,
  expires_at: instant,
});

export const bookingRequestSchema = z.strictObject({
  service_id: idOrSlug,
  staff_id: idOrSlug.optional(),
  location_id: idOrSlug.optional(),
  start_time: instantInput,
  hold_id: uuid.optional(),
  customer: z.strictObject({
    name: shortText(),
    email,
    phone: phone.optional(),
    sms_opt_in: z.boolean().optional(),
  }),
  notes: text(2000).optional(),
  locale: supportedLocale.optional(),
  timezone: timeZone.optional(),
  answers: jsonRecord(z.union([text(2000), z.number(), z.boolean(), z.null()])).optional(),
  /** Attribution passed through by the widget (`utm-*` attributes). */
  metadata: jsonRecord(z.string().max(500), { maxKeyLength: 50 }).optional(),
});

export const appointmentStatus = z.enum([
  'pending',
  'confirmed',
  'cancelled',
  'completed',
  'no_show',
]);
export const paymentStatus = z.enum([
  'unpaid',
  'pending',
  'deposit_paid',
  'paid',
  'refunded',
  'partially_refunded',
]);

/** The appointment as its customer (and the booking response) sees it. */
export const appointmentSchema = z.object({
  id: uuid,
  confirmation_code: z.string(),
  status: appointmentStatus,
  service_id: uuid,
  staff_id: uuid,
  location_id: uuid.nullable(),
  start_time: instant,
  end_time: instant,
  timezone: z.string().nullable(),
  customer_name: z.string(),
  /** Null only for a desk booking made without one (a walk-in). */
  customer_email: z.string().nullable(),
  total_price_cents: z.number().int(),
  deposit_paid_cents: z.number().int(),
  currency: z.string(),
  payment_status: paymentStatus,
  /** Refunded to the customer (cancellation inside the policy window, or a late payment). */
  refunded_cents: z.number().int(),
  /** Still owed at the appointment: the price less the deposit kept; 0 once cancelled. */
  balance_due_cents: z.number().int(),
  cancelled_at: instant.nullable().optional(),
  cancellation_reason: z.string().nullable().optional(),
});

/**
 * A deposit to pay before the booking is confirmed: the widget mounts Stripe's Payment
 * Element with `client_secret` and `publishable_key` (and `stripe_account_id` when the
 * business is on Connect) and confirms before `expires_at`, when the slot is let go.
 */
export const paymentSchema = z.object({
  provider: z.literal('stripe'),
  client_secret: z.string(),
  amount_cents: z.number().int(),
  currency: z.string(),
  publishable_key: z.string(),
  /** For Stripe.js `{ stripeAccount }` when the business is connected through Connect. */
  stripe_account_id: z.string().nullable(),
  expires_at: instant,
});

export const bookingResponseSchema = z.object({
  appointment: appointmentSchema,
  manage_token: z.string(),
  /** The customer's manage page (HTML): view, reschedule, cancel. */
  manage_url: z.string(),
  /** The appointment as an .ics file (Apple Calendar and every other client). */
  calendar_url: z.string(),
  /** Adds the appointment in Google Calendar (its event template). */
  google_calendar_url: z.string(),
  /** Adds the appointment in Outlook on the web. */
  outlook_calendar_url: z.string(),
  payment: paymentSchema.nullable(),
});

export const rescheduleRequestSchema = z.strictObject({
  start_time: instantInput,
  staff_id: idOrSlug.optional(),
});

export const cancelRequestSchema = z.strictObject({
  reason: text(1000).optional(),
});

export type AvailabilityQueryInput = z.infer<typeof availabilityQuerySchema>;
export type LiveSlotMessage = z.infer<typeof liveSlotMessageSchema>;
export type HoldRequest = z.infer<typeof holdRequestSchema>;
export type Hold = z.infer<typeof holdSchema>;
export type BookingRequest = z.infer<typeof bookingRequestSchema>;
export type Appointment = z.infer<typeof appointmentSchema>;
export type BookingResponse = z.infer<typeof bookingResponseSchema>;
export type RescheduleRequest = z.infer<typeof rescheduleRequestSchema>;
export type CancelRequest = z.infer<typeof cancelRequestSchema>;
