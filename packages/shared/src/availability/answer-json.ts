/** The availability answer as JSON text, in pieces (`computeAvailabilityJsonPieces`). */
import { chooseRange } from './engine.ts';
import { formatInstant, minuteTimes, utcDatePart } from './instant-text.ts';
import { keepShape } from './kept-shapes.ts';
import { formatLocalDate } from './local-date.ts';
import type { StaffOffers } from './staff-offers.ts';
import type { AvailabilityContext, AvailabilityQuery } from './types.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_UTC_DAY = 86_400_000;

/**
 * A body's pieces are cut once they reach this many characters. A month of slots for ten
 * staff is ~230 K characters, and V8 places any string over 128 KB among its large
 * objects, each on pages of its own, mapped for it and returned when it is collected. In
 * the Worker's runtime that cost a computed answer ~50 page faults, a third of its CPU
 * (docs/performance.md, seventeenth pass). Pieces of this size are ordinary objects.
 */
const PIECE_CHARS = 32 * 1024;

/**
 * `computeAvailability`'s answer as JSON text, in pieces of about `PIECE_CHARS`
 * characters: joined, the same bytes as `JSON.stringify(computeAvailability(context,
 * query))`, written straight from the chosen starts (issue 21: the slot objects, their
 * strings and `JSON.stringify` over them were a third of a computed availability
 * request). Each person's and location's JSON is written once per call, each instant's
 * time of day is a kept string. The pieces are sent one after another (a `Blob` of them)
 * and kept as they are; nothing joins them into one string.
 *
 * @example
 * const pieces = computeAvailabilityJsonPieces(context, { service, start_date, end_date, now });
 * return new Response(new Blob(pieces).stream(), { headers: { 'content-type': 'application/json' } });
 */
export function computeAvailabilityJsonPieces(
  context: AvailabilityContext,
  query: AvailabilityQuery,
): string[] {
  const { displayZone, firstDay, dayStarts, chosen } = chooseRange(context, query);
  const durationMs = query.service.duration_minutes * MS_PER_MINUTE;
  // Appended piece by piece (V8 keeps the text as a rope and copies it once, when it is
  // flattened below), in as few pieces per slot as the kept strings allow: the rope's
  // pieces, not its bytes, are what flattening and the collector pay for.
  const pieces: string[] = [];
  let out = `{"service_id":${JSON.stringify(query.service.id)},"timezone":${JSON.stringify(displayZone)},"days":[`;
  const tails = new SlotTails();
  const starts = new DateParts();
  const ends = new DateParts();
  let next = 0;
  for (let i = 0; i < dayStarts.length - 1; i++) {
    const dayEnd = dayStarts[i + 1]!;
    out += i === 0 ? '{"date":"' : ',{"date":"';
    out += formatLocalDate(firstDay + i);
    out += '","slots":[';
    let first = true;
    while (next < chosen.length && chosen[next]!.start < dayEnd) {
      const { offers, index, start } = chosen[next]!;
      const end = start + durationMs;
      const startDay = Math.floor(start / MS_PER_UTC_DAY);
      const endDay = Math.floor(end / MS_PER_UTC_DAY);
      const startMinute = (start - startDay * MS_PER_UTC_DAY) / MS_PER_MINUTE;
      const endMinute = (end - endDay * MS_PER_UTC_DAY) / MS_PER_MINUTE;
      if (Number.isInteger(startMinute) && Number.isInteger(endMinute)) {
        // `{"start_time":"YYYY-MM-DDT` + `HH:MM:00Z","end_time":"` + `YYYY-MM-DDT` + `HH:MM:00Z`
        out += starts.opening(startDay, first);
        out += TIMES_THEN_END[startMinute]!;
        out += ends.part(endDay);
        out += minuteTimes[endMinute]!;
      } else {
        out += first ? '{"start_time":"' : ',{"start_time":"';
        out += formatInstant(start);
        out += '","end_time":"';
        out += formatInstant(end);
      }
      const kind = offers.list.kindAt(index);
      out += tails.of(offers, kind.locationId, kind.seatsLeft);
      first = false;
      next++;
      // A rope's length is known without flattening it.
      if (out.length >= PIECE_CHARS) {
        pieces.push(flat(out));
        out = '';
      }
    }
    out += ']}';
  }
  pieces.push(joined(out, ']}'));
  return pieces;
}

/**
 * A rope copied, once, into one flat string: pieces are kept by the isolate and served
 * again, and a rope of hundreds of pieces (or one flattened in place) handed to
 * workerd's `Blob` costs more on every use.
 */
const flat = (rope: string): string => joined(rope, '');

/** `a` and `b` as one flat string (a concatenation would be a rope of two pieces). */
const joined = (a: string, b: string): string => [a, b].join('');

/** `HH:MM:00Z","end_time":"` for each minute of a day, made once. */
const TIMES_THEN_END: readonly string[] = minuteTimes.map((time) => joined(time, '","end_time":"'));

/** The date part of one UTC day at a time, and a slot's opening with it, kept while slots stay on that day. */
class DateParts {
  #day = Number.NaN;
  #part = '';
  #openings: [string, string] = ['', ''];

  part(utcDay: number): string {
    if (utcDay !== this.#day) {
      this.#day = utcDay;
      this.#part = utcDatePart(utcDay);
      this.#openings = [
        joined('{"start_time":"', this.#part),
        joined(',{"start_time":"', this.#part),
      ];
    }
    return this.#part;
  }

  /** `{"start_time":"YYYY-MM-DDT` (with a comma before it unless `first`). */
  opening(utcDay: number, first: boolean): string {
    this.part(utcDay);
    return this.#openings[first ? 0 : 1];
  }
}

/**
 * `","staff_id":…,"location_id":…,"remaining_capacity":n}`: the rest of a slot, one
 * flat string per person, location and seat count.
 */
class SlotTails {
  readonly #byOffers = new Map<StaffOffers, Map<string | null, string[]>>();

  of(offers: StaffOffers, locationId: string | null, seatsLeft: number): string {
    let byLocation = this.#byOffers.get(offers);
    if (byLocation === undefined) {
      byLocation = new Map();
      this.#byOffers.set(offers, byLocation);
    }
    let bySeats = byLocation.get(locationId);
    if (bySeats === undefined) {
      bySeats = [];
      byLocation.set(locationId, bySeats);
    }
    const small = Number.isInteger(seatsLeft) && seatsLeft >= 0 && seatsLeft <= MAX_KEPT_SEATS;
    const kept = small ? bySeats[seatsLeft] : undefined;
    if (kept !== undefined) return kept;
    const tail = [
      '","staff_id":',
      JSON.stringify(offers.plan.staff.id),
      ',"location_id":',
      JSON.stringify(locationId),
      ',"remaining_capacity":',
      numberJson(seatsLeft),
      '}',
    ].join('');
    if (small) bySeats[seatsLeft] = tail;
    return tail;
  }
}

keepShape(new DateParts());
keepShape(new SlotTails());

const MAX_KEPT_SEATS = 1000;

/** A number as `JSON.stringify` writes it (`null` for NaN and infinities). */
function numberJson(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
