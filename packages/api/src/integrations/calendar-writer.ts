import type { FeedAppointment } from './ics/staff-feed-ics.ts';

/** What is remembered of one written event: the provider's id for it and its ETag. */
export interface WrittenEvent {
  /** Google's and Graph's event id; CalDAV's events live at a fixed URL instead. */
  event_id?: string | null;
  etag: string | null;
}

/**
 * Writes appointments into one calendar of one provider. Every call is safe to repeat:
 * a retry after any failure (even one whose answer was lost) lands on the same event,
 * never beside it.
 */
export interface CalendarWriter {
  /** Creates the appointment's event, or updates the one `known` describes. */
  put(appointment: FeedAppointment, known: WrittenEvent | null): Promise<WrittenEvent>;
  /** Removes it; already gone counts as done. */
  remove(appointmentId: string, known: WrittenEvent): Promise<void>;
}
