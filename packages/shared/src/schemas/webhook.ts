import { z } from 'zod';
import { instant, isCleanLine, longText, pageOf, uuid } from './common.ts';

/** The events an endpoint can subscribe to (DESIGN §7). */
export const BOOKING_EVENT_TYPES = [
  'appointment.created',
  'appointment.confirmed',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.completed',
  'appointment.no_show',
] as const;

export const bookingEventType = z.enum(BOOKING_EVENT_TYPES);

/** Sent only by `POST …/webhooks/:id/test`; no endpoint subscribes to it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/**
 * An endpoint URL: http(s), no credentials in it. Whether the host may be private or
 * loopback depends on the environment, so the API checks that, not the schema.
 */
export const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((value) => {
    // Refinements run even when the URL check failed, so parse defensively.
    try {
      const url = new URL(value);
      return url.username === '' && url.password === '';
    } catch {
      return true;
    }
  }, 'must not carry a user name or password')
  .refine(isCleanLine, 'must not contain control characters');

export const webhookCreateSchema = z.strictObject({
  url: webhookUrl,
  /** Defaults to every event. */
  events: z.array(bookingEventType).min(1).max(BOOKING_EVENT_TYPES.length).optional(),
  enabled: z.boolean().default(true),
  description: longText(500).nullish(),
});

export const webhookUpdateSchema = z
  .strictObject({
    url: webhookUrl,
    events: z.array(bookingEventType).min(1).max(BOOKING_EVENT_TYPES.length),
    /** `true` also re-enables an endpoint we disabled, and resets its failure count. */
    enabled: z.boolean(),
    description: longText(500).nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const webhookSchema = z.object({
  id: uuid,
  url: z.string(),
  events: z.array(bookingEventType),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** Consecutive failed attempts; reset by a successful one. */
  failure_count: z.number().int(),
  disabled_at: instant.nullable(),
  /** `gone` (the endpoint answered 410) or `failing` (every retry of a message failed). */
  disabled_reason: z.string().nullable(),
  last_triggered_at: instant.nullable(),
  created_at: instant,
  updated_at: instant,
});

/** `POST …/webhooks`: the signing secret is shown here once and never again. */
export const webhookCreatedSchema = webhookSchema.extend({
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/),
});

export const webhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: instant,
  http_status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
});

export const webhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

export const webhookDeliverySchema = z.object({
  id: uuid,
  webhook_id: uuid,
  /** The `webhook-id` header: the same on every retry, for de-duplication. */
  message_id: z.string(),
  event_type: z.string(),
  appointment_id: uuid.nullable(),
  status: webhookDeliveryStatus,
  attempts: z.number().int(),
  http_status_code: z.number().int().nullable(),
  response_body: z.string().nullable(),
  error_message: z.string().nullable(),
  last_attempt_at: instant.nullable(),
  next_retry_at: instant.nullable(),
  delivered_at: instant.nullable(),
  created_at: instant,
  payload: z.record(z.string(), z.unknown()),
  attempt_log: z.array(webhookAttemptSchema),
});

/** `GET …/webhooks/:id/deliveries`: newest first. */
export const webhookDeliveryPageSchema = pageOf(webhookDeliverySchema);

export const webhookDeliveryListQuery = z.strictObject({
  status: webhookDeliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

/** The body of every webhook we send (Standard Webhooks: `{type, timestamp, data}`). */
export const webhookEventSchema = z.object({
  type: z.string(),
  timestamp: instant,
  data: z.record(z.string(), z.unknown()),
});

export type BookingEventType = z.infer<typeof bookingEventType>;
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;
export type WebhookUpdate = z.infer<typeof webhookUpdateSchema>;
export type Webhook = z.infer<typeof webhookSchema>;
export type WebhookCreated = z.infer<typeof webhookCreatedSchema>;
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export type WebhookDeliveryListQuery = z.infer<typeof webhookDeliveryListQuery>;
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
