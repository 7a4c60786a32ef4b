/**
 * The manage token and the customer's links of a booking's answer, made by the staff
 * member's lock from what it already has (issue 21): the messages it just planned carry
 * the same token and links, so the Worker no longer signs the token again and builds the
 * calendar event and links a second time, and the RPC answer carries four strings
 * instead of the whole snapshot (tenant row and all) they were built from.
 */
import type { BookingSnapshot } from '../notifications/booking-snapshot.ts';
import { calendarEventOf } from '../notifications/calendar-event.ts';
import { type CustomerLinks, customerLinks } from '../notifications/customer-links.ts';
import type { PlannedLinks } from '../notifications/outbox.ts';
import { manageToken } from './manage-token.ts';

export interface BookingLinks {
  manage_token: string;
  links: CustomerLinks;
}

/**
 * The links under `origin` (where the Worker answers from): the messages' own when they
 * were made under that same root, else made here from the snapshot.
 */
export async function bookingLinks(
  env: Env,
  origin: string,
  snapshot: BookingSnapshot,
  planned: PlannedLinks | null,
): Promise<BookingLinks> {
  const root = origin.replace(/\/+$/, '');
  if (planned && planned.base.replace(/\/+$/, '') === root) {
    return { manage_token: planned.token, links: planned.links };
  }
  const { appointment } = snapshot;
  const token = planned?.token ?? (await manageToken(env.MANAGE_TOKEN_SECRET, appointment.id));
  return {
    manage_token: token,
    links: customerLinks(root, snapshot.tenant.subdomain, appointment.id, token, (manageUrl) =>
      calendarEventOf(snapshot, { manageUrl, stamp: appointment.updated_at }),
    ),
  };
}
