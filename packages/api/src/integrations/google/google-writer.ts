import { CalendarUnreachableError } from '../calendar-source.ts';
import type { CalendarWriter, WrittenEvent } from '../calendar-writer.ts';
import {
  appointmentDescription,
  appointmentSummary,
  type FeedAppointment,
} from '../ics/staff-feed-ics.ts';
import { type ApiCall, providerRequest } from '../oauth/provider-api.ts';
import type { ProviderEnv } from '../oauth/provider-env.ts';
import { googleApiBase } from './google-calendar.ts';
import { GOOGLE_APPOINTMENT_PROPERTY, googleEventId } from './own-events.ts';

function eventBody(appointment: FeedAppointment) {
  return {
    id: googleEventId(appointment.id),
    summary: appointmentSummary(appointment),
    description: appointmentDescription(appointment),
    start: { dateTime: appointment.start_time.toISOString() },
    end: { dateTime: appointment.end_time.toISOString() },
    // Also brings back an event the owner deleted in Google (kept there as cancelled).
    status: appointment.status === 'pending' ? 'tentative' : 'confirmed',
    transparency: 'opaque',
    sequence: appointment.sequence,
    extendedProperties: { private: { [GOOGLE_APPOINTMENT_PROPERTY]: appointment.id } },
  };
}

/**
 * Google Calendar events.insert / update / delete through plain fetch. Insert uses the
 * appointment's fixed event id, so a retry whose first answer was lost gets 409 and
 * becomes an update; an update of an event that is no longer there becomes an insert.
 */
export function googleWriter(env: ProviderEnv, call: ApiCall, calendarId: string): CalendarWriter {
  const events = `${googleApiBase(env)}/calendars/${encodeURIComponent(calendarId)}/events`;
  const one = (eventId: string) => `${events}/${encodeURIComponent(eventId)}`;
  type Answer = { id?: string; etag?: string };
  const written = (eventId: string, answer: Answer | undefined): WrittenEvent => ({
    event_id: answer?.id ?? eventId,
    etag: answer?.etag ?? null,
  });
  return {
    async put(appointment, known) {
      const body = eventBody(appointment);
      const update = () =>
        providerRequest<Answer>(call, one(body.id), { method: 'PUT', body, allow: [404] });
      if (known) {
        const updated = await update();
        if (updated.status !== 404) return written(body.id, updated.body);
      }
      const inserted = await providerRequest<Answer>(call, events, {
        method: 'POST',
        body,
        allow: [409],
      });
      if (inserted.status !== 409) return written(body.id, inserted.body);
      // 409: the event exists already (an earlier attempt got through): update it.
      const updated = await update();
      if (updated.status === 404)
        throw new CalendarUnreachableError('Google answered 409 on insert, then 404 on update');
      return written(body.id, updated.body);
    },

    async remove(appointmentId) {
      // 404 / 410: gone already (deleted in Google, or by an earlier attempt).
      await providerRequest(call, one(googleEventId(appointmentId)), {
        method: 'DELETE',
        allow: [404, 410],
      });
    },
  };
}
