import type { SourceCalendar } from '../../integrations/calendar-source.ts';

/** What the last full CalDAV read saw, in `sync_state`. */
export interface CaldavReadState {
  /** Per calendar read: its sync-token (`st:`) or else ctag (`ct:`) at that read. */
  read_marks?: Record<string, string | null>;
  read_key?: string;
  /** The end of the window that read covered. */
  read_until?: string;
}

/** A collection's change marker: the RFC 6578 sync-token when it has one, else the ctag. */
export function changeMark(calendar: { sync_token?: string | null; ctag?: string | null }) {
  if (calendar.sync_token) return `st:${calendar.sync_token}`;
  if (calendar.ctag) return `ct:${calendar.ctag}`;
  return null;
}

/**
 * Whether the wanted calendars can keep the busy time of the last read: the same
 * calendars, each with the same sync-token (else ctag) as then, read with the same
 * zone and switches, and that read's window still reaching the bookable horizon (so
 * at least once a day everything is read again, new recurrences included).
 */
export function unchangedSinceLastRead(
  state: CaldavReadState,
  wanted: SourceCalendar[],
  readKey: string,
  horizon: Date,
): boolean {
  const marks = state.read_marks;
  if (!marks || state.read_key !== readKey) return false;
  if (!state.read_until || new Date(state.read_until) <= horizon) return false;
  if (Object.keys(marks).length !== wanted.length) return false;
  return wanted.every((calendar) => {
    const mark = changeMark(calendar);
    return mark !== null && marks[calendar.id] === mark;
  });
}
