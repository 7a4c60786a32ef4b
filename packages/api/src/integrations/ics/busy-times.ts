import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** How busy time is read for one staff member over one window. */
export interface BusyReadOptions {
  /** The window: occurrences that overlap `[from, to)` count, however early they began. */
  from: Date;
  to: Date;
  /** The staff member's IANA zone: all-day and floating times are their local days. */
  zone: string;
  allDayBlocks: boolean;
  tentativeBlocks: boolean;
  /** The staff member's addresses: an invitation they declined never blocks. */
  attendeeEmails: readonly string[];
}

export interface BusyInterval {
  /** The event's UID; with `start` it names one occurrence. */
  uid: string;
  start: Date;
  end: Date;
}

/** A runaway RRULE (every minute, forever) cannot make a sync spin. */
const MAX_OCCURRENCES_PER_EVENT = 20_000;

/**
 * The instant of an iCalendar time: UTC as is; a TZID that is an IANA zone through
 * Luxon's rules (the same ones availability uses); another TZID through the file's
 * VTIMEZONE; a floating time or a date in the staff member's zone.
 */
function instantOf(time: ICAL.Time, zone: string): Date {
  const tz = time.zone;
  const wall = {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.isDate ? 0 : time.hour,
    minute: time.isDate ? 0 : time.minute,
    second: time.isDate ? 0 : time.second,
  };
  if (tz === ICAL.Timezone.utcTimezone) return time.toJSDate();
  const tzid = tz && tz !== ICAL.Timezone.localTimezone ? tz.tzid : undefined;
  if (!time.isDate && tzid && tzid !== 'floating') {
    const named = DateTime.fromObject(wall, { zone: tzid });
    if (named.isValid) return named.toJSDate();
    return new Date(time.toUnixTime() * 1000);
  }
  return DateTime.fromObject(wall, { zone }).toJSDate();
}

function mailto(value: unknown): string {
  return String(value ?? '')
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
}

/** Whether one occurrence (the master's or an exception's properties) makes the staff member busy. */
function blocks(event: ICAL.Event, options: BusyReadOptions, emails: Set<string>): boolean {
  const component = event.component;
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  if (status === 'CANCELLED') return false;
  const transp = String(component.getFirstPropertyValue('transp') ?? '').toUpperCase();
  if (transp === 'TRANSPARENT') return false;
  let tentative = status === 'TENTATIVE';
  for (const attendee of component.getAllProperties('attendee')) {
    if (!emails.has(mailto(attendee.getFirstValue()))) continue;
    const partstat = String(attendee.getParameter('partstat') ?? '').toUpperCase();
    if (partstat === 'DECLINED') return false;
    if (partstat === 'TENTATIVE') tentative = true;
  }
  if (tentative && !options.tentativeBlocks) return false;
  if (event.startDate.isDate && !options.allDayBlocks) return false;
  return true;
}

function interval(
  uid: string,
  start: ICAL.Time,
  end: ICAL.Time | null,
  zone: string,
): BusyInterval | null {
  const startAt = instantOf(start, zone);
  let endAt: Date;
  if (end) endAt = instantOf(end, zone);
  else if (start.isDate)
    endAt = DateTime.fromJSDate(startAt, { zone }).plus({ days: 1 }).toJSDate();
  else endAt = startAt;
  if (endAt <= startAt) return null; // zero-length events take no time
  return { uid, start: startAt, end: endAt };
}

/**
 * Busy intervals of one iCalendar text (an ICS file, or one CalDAV object) in the
 * window. Recurring events are expanded here (CalDAV servers such as Radicale return
 * masters unexpanded), with EXDATE removing occurrences and RECURRENCE-ID overrides
 * moving, cancelling or freeing them. Free (TRANSP:TRANSPARENT), cancelled and
 * declined events never block; tentative and all-day ones as the options say.
 */
export function busyFromIcs(text: string, options: BusyReadOptions): BusyInterval[] {
  const root = new ICAL.Component(ICAL.parse(text));
  const calendars = root.name === 'vcalendar' ? [root] : root.getAllSubcomponents('vcalendar');
  const emails = new Set(options.attendeeEmails.map((email) => email.toLowerCase()));
  const busy: BusyInterval[] = [];
  const overlaps = (item: BusyInterval) => item.start < options.to && item.end > options.from;

  for (const calendar of calendars) {
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = String(vtimezone.getFirstPropertyValue('tzid') ?? '');
      if (tzid && !ICAL.TimezoneService.has(tzid)) ICAL.TimezoneService.register(vtimezone);
    }
    const masters = new Map<string, ICAL.Event>();
    const exceptions: ICAL.Event[] = [];
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(vevent);
      if (!event.uid || !event.startDate) continue;
      if (event.isRecurrenceException()) exceptions.push(event);
      else masters.set(event.uid, event);
    }
    for (const exception of exceptions) {
      const master = masters.get(exception.uid);
      if (master) master.relateException(exception);
      else if (blocks(exception, options, emails)) {
        // An override whose master is not in this text: it still stands on its own.
        const item = interval(exception.uid, exception.startDate, exception.endDate, options.zone);
        if (item && overlaps(item)) busy.push(item);
      }
    }
    for (const event of masters.values()) {
      if (!event.isRecurring()) {
        if (!blocks(event, options, emails)) continue;
        const item = interval(event.uid, event.startDate, event.endDate, options.zone);
        if (item && overlaps(item)) busy.push(item);
        continue;
      }
      const iterator = event.iterator();
      for (let n = 0, next = iterator.next(); next && n < MAX_OCCURRENCES_PER_EVENT; n++) {
        const details = event.getOccurrenceDetails(next);
        next = iterator.next();
        const item = interval(event.uid, details.startDate, details.endDate, options.zone);
        if (!item) continue;
        if (item.start >= options.to && instantOf(details.recurrenceId, options.zone) >= options.to)
          break;
        if (!overlaps(item) || !blocks(details.item, options, emails)) continue;
        busy.push(item);
      }
    }
  }
  return busy;
}
