/**
 * The availability answer as JSON text, written straight from the engine's chosen
 * starts (issue 21: building the slot objects and their strings, then
 * `JSON.stringify` over them, was a third of a computed availability request).
 */
import { chooseRange } from './engine.ts';
import { formatInstant } from './instant-text.ts';
import { formatLocalDate } from './local-date.ts';
import type { StaffOffers } from './staff-offers.ts';
import type { AvailabilityContext, AvailabilityQuery } from './types.ts';

const MS_PER_MINUTE = 60_000;

/**
 * `computeAvailability`'s answer as JSON text: the same bytes as
 * `JSON.stringify(computeAvailability(context, query))`, written straight from the
 * chosen starts (issue 21: the slot objects, their strings and `JSON.stringify` over
 * them were a third of a computed availability request). Each person's and location's
 * JSON is written once per call, each instant's time of day is a kept string.
 *
 * @example
 * const body = computeAvailabilityJson(context, { service, start_date, end_date, now });
 * return new Response(body, { headers: { 'content-type': 'application/json' } });
 */
export function computeAvailabilityJson(
  context: AvailabilityContext,
  query: AvailabilityQuery,
): string {
  const { displayZone, firstDay, dayStarts, chosen } = chooseRange(context, query);
  const durationMs = query.service.duration_minutes * MS_PER_MINUTE;
  // Appended piece by piece: V8 keeps the text as a rope and copies it once, when it
  // is first read (an array of pieces and `join` cost twice as much).
  let out = `{"service_id":${JSON.stringify(query.service.id)},"timezone":${JSON.stringify(displayZone)},"days":[`;
  // `","staff_id":…,"location_id":…,"remaining_capacity":` per person and location.
  const owners = new Map<StaffOffers, Map<string | null, string>>();
  let next = 0;
  for (let i = 0; i < dayStarts.length - 1; i++) {
    const dayEnd = dayStarts[i + 1]!;
    out += i === 0 ? '{"date":"' : ',{"date":"';
    out += formatLocalDate(firstDay + i);
    out += '","slots":[';
    let opening = '{"start_time":"';
    while (next < chosen.length && chosen[next]!.start < dayEnd) {
      const { offers, index, start } = chosen[next]!;
      out += opening;
      out += formatInstant(start);
      out += '","end_time":"';
      out += formatInstant(start + durationMs);
      const kind = offers.list.kindAt(index);
      out += ownerJson(owners, offers, kind.locationId);
      out += seatsJson(kind.seatsLeft);
      opening = ',{"start_time":"';
      next++;
    }
    out += ']}';
  }
  out += ']}';
  // Flattened here, once: a rope of ten thousand pieces handed to workerd's \`Response\`
  // (or kept, and sent to the object) is walked piece by piece on each use.
  out.charCodeAt(0);
  return out;
}

function ownerJson(
  owners: Map<StaffOffers, Map<string | null, string>>,
  offers: StaffOffers,
  locationId: string | null,
): string {
  let byLocation = owners.get(offers);
  if (byLocation === undefined) {
    byLocation = new Map();
    owners.set(offers, byLocation);
  }
  let json = byLocation.get(locationId);
  if (json === undefined) {
    json = `","staff_id":${JSON.stringify(offers.plan.staff.id)},"location_id":${JSON.stringify(locationId)},"remaining_capacity":`;
    byLocation.set(locationId, json);
  }
  return json;
}

/** `n}` for the seat counts slots carry, made once. */
const SEATS = Array.from({ length: 101 }, (_, n) => `${n}}`);

/** A seat count and the slot's closing brace, the number as `JSON.stringify` writes it. */
function seatsJson(n: number): string {
  return SEATS[n] ?? `${numberJson(n)}}`;
}

/** A number as `JSON.stringify` writes it (`null` for NaN and infinities). */
function numberJson(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
