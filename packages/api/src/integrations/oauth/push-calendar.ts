import { DateTime } from 'luxon';
import type { BusyInterval } from '../ics/busy-times.ts';
import type { ApiCall } from './provider-api.ts';

/** How the owner wants events read (the connection's switches and the staff member's zone). */
export interface EventMeaning {
  zone: string;
  allDayBlocks: boolean;
  tentativeBlocks: boolean;
  /** Ids of the events we wrote (bookings): they already block as bookings, never as busy time. */
  ownEventIds?: ReadonlySet<string>;
}

/** One changed event: its busy intervals now (none: removed, free, declined or cancelled). */
export interface EventChange {
  /** The provider's id of this event or occurrence, unique within its calendar. */
  id: string;
  busy: BusyInterval[];
}

export interface ChangeRead {
  /** True when this was a full read: every event not in `changes` is gone. */
  full: boolean;
  changes: EventChange[];
  /** The cursor for the next incremental read (Google syncToken, Graph deltaLink). */
  cursor: string;
}

export interface PushChannel {
  /** The channel (Google) or subscription (Graph) id. */
  id: string;
  /** Google's resourceId, needed to stop a channel. */
  resource_id?: string;
  calendar_id: string;
  /** SHA-256 (hex) of the channel token / clientState we gave the provider. */
  token_hash: string;
  expires_at: string;
}

/** What sync needs of a provider reached over OAuth with push notifications. */
export interface PushCalendarApi {
  listCalendars(call: ApiCall): Promise<Array<{ id: string; name: string; primary: boolean }>>;
  /** A full read of the window (cursor null) or the changes since the cursor. */
  readChanges(
    call: ApiCall,
    calendarId: string,
    cursor: string | null,
    window: { from: Date; to: Date },
    meaning: EventMeaning,
  ): Promise<ChangeRead>;
  /** Opens a channel / subscription that notifies `address` of changes in the calendar. */
  subscribe(
    call: ApiCall,
    calendarId: string,
    request: { address: string; connectionId: string; token: string; tokenHash: string },
  ): Promise<PushChannel>;
  /** Extends a channel before it expires; null when the provider cannot, so a new one is opened. */
  renew(call: ApiCall, channel: PushChannel): Promise<PushChannel | null>;
  unsubscribe(call: ApiCall, channel: PushChannel): Promise<void>;
}

/** Our own written bookings carry this UID suffix (appointment-ics.ts); never read back as busy. */
export const OWN_UID_SUFFIX = '@booksprintz';

/**
 * All-day events: the staff member's local day(s) from `startDate` to `endDate`
 * (exclusive), whatever zone the provider stored them in (Cal.com #2240, #6292).
 */
export function allDayInterval(
  uid: string,
  startDate: string,
  endDate: string | null,
  zone: string,
): BusyInterval | null {
  const start = DateTime.fromISO(startDate.slice(0, 10), { zone });
  let end = endDate ? DateTime.fromISO(endDate.slice(0, 10), { zone }) : start.plus({ days: 1 });
  if (!start.isValid || !end.isValid) return null;
  if (end <= start) end = start.plus({ days: 1 });
  return { uid, start: start.toJSDate(), end: end.toJSDate() };
}

export function timedInterval(uid: string, start: string, end: string): BusyInterval | null {
  const startAt = new Date(start);
  const endAt = new Date(end);
  if (Number.isNaN(startAt.getTime()) || Number.isNaN(endAt.getTime()) || endAt <= startAt)
    return null;
  return { uid, start: startAt, end: endAt };
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function randomToken(bytes = 24): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
}
