import {
  type AvailabilityContext,
  type AvailabilityRule,
  type ExternalBusy,
  type Location,
  type ScheduleRule,
  type Staff,
  staffOpenIntervals,
} from '@booksprintz/shared';
import { DateTime } from 'luxon';

/** A stretch of one local day, in minutes since its midnight. */
export interface DaySpan {
  from: number;
  to: number;
}

/**
 * The engine's context for open time: the staff members' general hours, overrides,
 * time off and location hours, exactly as the widget's slots read them (DESIGN §3.1).
 * Appointments are not needed: open time ignores them.
 */
export function openTimeContext(
  staff: Staff[],
  locations: Location[],
  rules: AvailabilityRule[],
  businessZone: string,
): AvailabilityContext {
  const zones = new Map(locations.map((location) => [location.id, location.timezone]));
  return {
    business_timezone: businessZone,
    staff: staff.map((member) => ({
      id: member.id,
      timezone:
        member.timezone ??
        member.location_ids.map((id) => zones.get(id)).find(Boolean) ??
        businessZone,
      buffer_time_before: member.buffer_time_before,
      buffer_time_after: member.buffer_time_after,
      min_notice_minutes: member.min_advance_booking_hours * 60,
      max_advance_booking_days: member.max_advance_booking_days,
      display_order: member.display_order,
      location_ids: member.location_ids,
    })),
    locations: locations
      .filter((location) => location.status === 'active')
      .map((location) => ({ id: location.id, timezone: location.timezone })),
    rules: rules.map((rule): ScheduleRule => ({ ...rule })),
    occupancies: [],
  };
}

function dayBounds(date: string, zone: string): { start: DateTime; end: DateTime } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { start, end: start.plus({ days: 1 }) };
}

/** Instants clipped to one local day, as minutes of that day (DST days are 23 or 25 h). */
function toSpans(
  pieces: Array<{ start: number; end: number }>,
  date: string,
  zone: string,
): DaySpan[] {
  const { start, end } = dayBounds(date, zone);
  const dayStart = start.toMillis();
  const dayEnd = end.toMillis();
  const spans: DaySpan[] = [];
  for (const piece of pieces) {
    const from = Math.max(piece.start, dayStart);
    const to = Math.min(piece.end, dayEnd);
    if (to <= from) continue;
    const local = (ms: number) => {
      if (ms >= dayEnd) return 24 * 60;
      const time = DateTime.fromMillis(ms, { zone });
      return time.hour * 60 + time.minute;
    };
    spans.push({ from: local(from), to: local(to) });
  }
  return spans;
}

/** When the staff members are open on a local date of the business (union over them). */
export function openSpans(
  context: AvailabilityContext,
  staffIds: string[],
  date: string,
  zone: string,
): DaySpan[] {
  const { start, end } = dayBounds(date, zone);
  const pieces = staffIds.flatMap((id) =>
    staffOpenIntervals(context, id, start.toMillis(), end.toMillis()),
  );
  return toSpans(pieces, date, zone);
}

/** Outside calendars' busy time of the staff members on a local date. */
export function busySpans(
  busy: ExternalBusy[],
  staffIds: string[],
  date: string,
  zone: string,
): DaySpan[] {
  return toSpans(
    busy
      .filter((item) => staffIds.includes(item.staff_id))
      .map((item) => ({ start: Date.parse(item.starts_at), end: Date.parse(item.ends_at) })),
    date,
    zone,
  );
}

/** True when `[from, to)` (minutes of the day) lies inside one open span. */
export function insideOpen(spans: DaySpan[], from: number, to: number): boolean {
  return spans.some((span) => span.from <= from && to <= span.to);
}
