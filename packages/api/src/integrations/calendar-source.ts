/**
 * What every calendar provider we read busy time from gives back: its calendars and,
 * for the ones asked for, the iCalendar text of their events in a window.
 */
export interface SourceCalendar {
  id: string;
  name: string;
  ctag: string | null;
  sync_token: string | null;
}

export interface SourceRead {
  calendars: SourceCalendar[];
  /** iCalendar texts per calendar id, for the calendars `wanted` accepted. */
  texts: Map<string, string[]>;
  /** True when `unchanged` said the wanted calendars need no read: `texts` is empty. */
  unchanged?: boolean;
}

export interface SourceReadRequest {
  url: string;
  username: string | null;
  password: string | null;
  from: Date;
  to: Date;
  /** Which discovered calendars to read events of (the owner's busy choices). */
  wanted: (calendarId: string) => boolean;
  timeoutMs: number;
  /**
   * Asked after discovery with the wanted calendars (their sync-token / ctag fresh from
   * the server): true skips reading their events, nothing changed since the last read.
   */
  unchanged?: (wanted: SourceCalendar[]) => boolean;
  /** Why a URL (the first or one redirected to) may not be fetched, or null when it may. */
  refuse: (url: string) => string | null;
}

/** The provider could not be read: unreachable, refused the credentials, or sent garbage. */
export class CalendarUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarUnreachableError';
  }
}
