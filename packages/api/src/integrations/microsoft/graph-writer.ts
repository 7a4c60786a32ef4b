import { CalendarUnreachableError } from '../calendar-source.ts';
import type { CalendarWriter, WrittenEvent } from '../calendar-writer.ts';
import {
  appointmentDescription,
  appointmentSummary,
  type FeedAppointment,
} from '../ics/staff-feed-ics.ts';
import { type ApiCall, providerRequest } from '../oauth/provider-api.ts';
import type { ProviderEnv } from '../oauth/provider-env.ts';
import { graphBase } from './graph-calendar.ts';

/** Our single-value extended property (a fixed GUID namespace): the appointment's id. */
export const GRAPH_APPOINTMENT_PROPERTY =
  'String {6c0a9d3e-5b7f-4e21-8a4d-2f9b1c7e3a58} Name BookSprintzAppointment';

/** Graph's idempotency key for creating an appointment's event: one per appointment. */
export function graphTransactionId(appointmentId: string): string {
  return `booksprintz-${appointmentId}`;
}

/** Graph takes a wall time and a zone: the UTC instant without its `Z`. */
const utcWallTime = (instant: Date) => ({
  dateTime: instant.toISOString().slice(0, -1),
  timeZone: 'UTC',
});

function eventBody(appointment: FeedAppointment) {
  return {
    subject: appointmentSummary(appointment),
    body: { contentType: 'text', content: appointmentDescription(appointment) },
    start: utcWallTime(appointment.start_time),
    end: utcWallTime(appointment.end_time),
    showAs: appointment.status === 'pending' ? 'tentative' : 'busy',
    isReminderOn: false,
  };
}

/**
 * Microsoft Graph event create / update / delete through plain fetch. A create carries
 * the appointment's `transactionId`, so Graph refuses a second one; the appointment's
 * id also rides in a single-value extended property, by which an event whose create
 * answer was lost is found again. Updates and deletes use the stored event id.
 */
export function graphWriter(env: ProviderEnv, call: ApiCall, calendarId: string): CalendarWriter {
  const api = graphBase(env);
  const calendarEvents = `${api}/me/calendars/${encodeURIComponent(calendarId)}/events`;
  const one = (eventId: string) => `${api}/me/events/${encodeURIComponent(eventId)}`;
  type Answer = { id?: string; '@odata.etag'?: string };
  const written = (answer: Answer | undefined, fallbackId: string): WrittenEvent => ({
    event_id: answer?.id ?? fallbackId,
    etag: answer?.['@odata.etag'] ?? null,
  });

  const update = (eventId: string, appointment: FeedAppointment) =>
    providerRequest<Answer>(call, one(eventId), {
      method: 'PATCH',
      body: eventBody(appointment),
      allow: [404],
    });

  /** The event written for an appointment, found by its extended property. */
  async function find(appointmentId: string): Promise<string | null> {
    const url = new URL(calendarEvents);
    url.searchParams.set(
      '$filter',
      `singleValueExtendedProperties/Any(ep: ep/id eq '${GRAPH_APPOINTMENT_PROPERTY}' and ep/value eq '${appointmentId.replace(/'/g, "''")}')`,
    );
    url.searchParams.set('$select', 'id');
    const answer = await providerRequest<{ value?: Array<{ id: string }> }>(call, url.toString());
    return answer.body?.value?.[0]?.id ?? null;
  }

  const create = (appointment: FeedAppointment, transactionId?: string) =>
    providerRequest<Answer>(call, calendarEvents, {
      method: 'POST',
      body: {
        ...eventBody(appointment),
        ...(transactionId ? { transactionId } : {}),
        singleValueExtendedProperties: [{ id: GRAPH_APPOINTMENT_PROPERTY, value: appointment.id }],
      },
      allow: [409],
    });

  return {
    async put(appointment, known) {
      if (known?.event_id) {
        const updated = await update(known.event_id, appointment);
        if (updated.status !== 404) return written(updated.body, known.event_id);
      }
      const created = await create(appointment, graphTransactionId(appointment.id));
      if (created.status !== 409) {
        if (!created.body?.id) throw new CalendarUnreachableError('Graph sent no event id');
        return written(created.body, created.body.id);
      }
      // 409: an earlier create with this transactionId got through; update that event.
      const existing = await find(appointment.id);
      if (existing) {
        const updated = await update(existing, appointment);
        if (updated.status !== 404) return written(updated.body, existing);
      }
      // The earlier event was deleted in Outlook meanwhile: write it afresh.
      const again = await create(appointment);
      if (!again.body?.id) throw new CalendarUnreachableError('Graph sent no event id');
      return written(again.body, again.body.id);
    },

    async remove(appointmentId, known) {
      const eventId = known.event_id ?? (await find(appointmentId));
      if (!eventId) return;
      // 404: gone already (deleted in Outlook, or by an earlier attempt).
      await providerRequest(call, one(eventId), { method: 'DELETE', allow: [404] });
    },
  };
}
