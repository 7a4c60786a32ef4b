/**
 * BENCHMARK ONLY — a re-implementation of Cal.com's slot generation, written for
 * `engine.bench.ts` to compare the engine with the best open peer on one workload
 * (issue 21). Not used by BookSprintz. No Cal.com package runs without its database
 * (`@calcom/platform-libraries` depends on unpublished workspace packages), so this
 * follows the algorithm of Cal.com's public code, not its text:
 *   - calcom/cal.com `packages/lib/slots.ts` at ee70029ef66cba9caed38448a5a7eba656828c6b,
 *     `buildSlotsWithDateRanges`: per available date range, start at the later of its
 *     start and now + minimum notice, round up to the slot interval within the hour
 *     (15 min for a 15-minute frequency), convert to the invitee's zone, then step by the
 *     frequency while start + length − 1 s is not after the range's end (with the
 *     organizer-zone "range ends at midnight" check made per range);
 *   - `packages/lib/date-ranges.ts` `subtract`: each person's working ranges minus their
 *     busy times, on Dayjs values;
 *   - round-robin aggregation (`mergeOverlappingDateRanges`): the union of the hosts'
 *     available ranges, one slot per start (Cal.com picks the host when booking, so it
 *     names no staff member per slot: less work than our fewest-bookings choice);
 *   - the slots handler's output: slots grouped by the invitee's date, each as ISO text.
 * Dayjs with its utc and timezone plugins, as Cal.com uses (`@calcom/dayjs`).
 *
 * Fed what the floor is fed: each person's open windows computed beforehand and their
 * occupancies, widened by the buffers as our rule applies them (an occupancy [a, b)
 * blocks starts whose [start, end) meets [a − after, b + before)), so both answer the
 * same question. "Now" is the query's clock, not the wall clock, to keep the workload fixed.
 */
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface PeerRange {
  start: Dayjs;
  end: Dayjs;
}

export interface PeerInput {
  people: Array<{ windows: Array<{ start: number; end: number }>; busy: Array<[number, number]> }>;
  frequencyMinutes: number;
  lengthMinutes: number;
  minimumNoticeMinutes: number;
  now: number;
  timeZone: string;
}

/** Cal.com's `subtract`: source ranges minus excluded ones, on Dayjs values. */
function subtract(source: PeerRange[], excluded: PeerRange[]): PeerRange[] {
  const result: PeerRange[] = [];
  for (const range of source) {
    let pieces: PeerRange[] = [range];
    for (const cut of excluded) {
      const next: PeerRange[] = [];
      for (const piece of pieces) {
        if (
          cut.end.valueOf() <= piece.start.valueOf() ||
          cut.start.valueOf() >= piece.end.valueOf()
        ) {
          next.push(piece);
          continue;
        }
        if (cut.start.valueOf() > piece.start.valueOf())
          next.push({ start: piece.start, end: cut.start });
        if (cut.end.valueOf() < piece.end.valueOf()) next.push({ start: cut.end, end: piece.end });
      }
      pieces = next;
    }
    result.push(...pieces);
  }
  return result;
}

/** Round-robin hosts: the union of their available ranges. */
function mergeOverlapping(ranges: PeerRange[]): PeerRange[] {
  ranges.sort((a, b) => a.start.valueOf() - b.start.valueOf());
  const merged: PeerRange[] = [];
  let current = ranges[0];
  if (!current) return merged;
  for (let i = 1; i < ranges.length; i++) {
    const next = ranges[i]!;
    if (current.end.valueOf() >= next.start.valueOf()) {
      current = {
        start: current.start,
        end: current.end.valueOf() > next.end.valueOf() ? current.end : next.end,
      };
    } else {
      merged.push(current);
      current = next;
    }
  }
  merged.push(current);
  return merged;
}

function buildSlots(ranges: PeerRange[], input: PeerInput): Dayjs[] {
  const frequency = Math.max(1, input.frequencyMinutes);
  const length = Math.max(1, input.lengthMinutes);
  let interval = 15;
  for (const candidate of [60, 30, 20, 10]) {
    if (frequency % candidate === 0) {
      interval = candidate;
      break;
    }
  }
  const slots: Dayjs[] = [];
  for (const range of ranges) {
    const earliest = dayjs.utc(input.now).add(input.minimumNoticeMinutes, 'minute');
    let start = range.start.utc().isAfter(earliest) ? range.start : earliest;
    if (start.minute() % interval !== 0) {
      start = start.startOf('hour').add(Math.ceil(start.minute() / interval) * interval, 'minute');
    }
    const organizerOffset = dayjs(input.now).tz(input.timeZone).utcOffset();
    const end = range.end
      .add(organizerOffset, 'minutes')
      .isSame(range.end.endOf('day').add(organizerOffset, 'minutes'), 'minute')
      ? range.end.add(1, 'minute')
      : range.end;
    start = start.tz(input.timeZone);
    while (!start.add(length, 'minutes').subtract(1, 'second').utc().isAfter(end)) {
      slots.push(start);
      start = start.add(frequency, 'minutes');
    }
  }
  return slots;
}

/** The month's slots as Cal.com's handler answers them: by invitee date, ISO times. */
export function peerCalcomSlots(input: PeerInput): Record<string, Array<{ time: string }>> {
  const available: PeerRange[] = [];
  for (const person of input.people) {
    const windows = person.windows.map((w) => ({
      start: dayjs.utc(w.start),
      end: dayjs.utc(w.end),
    }));
    const busy = person.busy.map(([from, to]) => ({ start: dayjs.utc(from), end: dayjs.utc(to) }));
    available.push(...subtract(windows, busy));
  }
  const byDate: Record<string, Array<{ time: string }>> = {};
  for (const slot of buildSlots(mergeOverlapping(available), input)) {
    const date = slot.format('YYYY-MM-DD');
    const day = byDate[date] ?? [];
    day.push({ time: slot.toISOString() });
    byDate[date] = day;
  }
  return byDate;
}
