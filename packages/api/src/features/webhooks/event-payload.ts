import { appointmentSchema, type BookingEventType, type WebhookEvent } from '@booksprintz/shared';
import type { Appointment } from '../../db/schema/index.ts';
import { toInstant, toResponse } from '../../http/serialize.ts';

/**
 * The body of an appointment event (Standard Webhooks: `{type, timestamp, data}`): the
 * appointment as its customer sees it, plus its calendar sequence and, for a
 * reschedule, where it was before. A snapshot taken in the event's transaction, so a
 * retry days later still describes that moment.
 */
export function appointmentEvent(
  type: BookingEventType,
  appointment: Appointment,
  occurredAt: Date,
  previousStartTime?: Date,
): WebhookEvent {
  return {
    type,
    timestamp: toInstant(occurredAt),
    data: {
      tenant_id: appointment.tenant_id,
      appointment: {
        ...toResponse(appointmentSchema, appointment),
        sequence: appointment.sequence,
        booking_source: appointment.booking_source,
      },
      ...(previousStartTime ? { previous_start_time: toInstant(previousStartTime) } : {}),
    },
  };
}

/** Serialised with the spec's field order, whatever order jsonb stored the keys in. */
export function eventBody(payload: Record<string, unknown>): string {
  return JSON.stringify({ type: payload.type, timestamp: payload.timestamp, data: payload.data });
}
