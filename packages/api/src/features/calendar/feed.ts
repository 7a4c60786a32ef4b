import { isUuid } from '@booksprintz/shared';
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { decryptField, ENCRYPTED, encryptField } from '../../db/field-encryption.ts';
import {
  appointments,
  bookingCalendarConnections,
  bookingServices,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { staffFeedIcs } from '../../integrations/ics/staff-feed-ics.ts';
import { bytesEqual, randomToken, sha256Hex } from '../accounts/secrets.ts';

/** How far back the feed reaches: a subscribed calendar keeps last month's history. */
export const FEED_DAYS_BACK = 30;

export interface FeedContext {
  tdb: TenantDb;
  encryptionKey: string;
  /** Origin the feed URL is built on (PUBLIC_BASE_URL, else the request's). */
  origin: string;
}

/** The path of a feed: the connection id names the row, the secret proves the right to read it. */
export function feedUrl(origin: string, connectionId: string, secret: string): string {
  return `${origin.replace(/\/+$/, '')}/api/booking/v1/feeds/${connectionId}/${secret}.ics`;
}

async function assertStaff(tdb: TenantDb, staffId: string): Promise<void> {
  if (!(await tdb.get(bookingStaff, staffId)))
    throw new ApiError('not_found', 'No such staff member.');
}

async function feedRow(tdb: TenantDb, staffId: string) {
  const [row] = await tdb.list(bookingCalendarConnections, {
    where: and(
      eq(bookingCalendarConnections.staff_id, staffId),
      eq(bookingCalendarConnections.provider, 'feed'),
    ),
    limit: 1,
  });
  return row;
}

async function newSecret(encryptionKey: string) {
  // 192 random bits: nobody guesses it, so a plain SHA-256 is enough to store it.
  const secret = randomToken(24);
  return {
    secret,
    feed_token: await sha256Hex(secret),
    feed_token_encrypted: await encryptField(encryptionKey, ENCRYPTED.calendarFeedToken, secret),
  };
}

/** The staff member's feed URL, made on first ask and the same on every later one. */
export async function getFeedUrl(ctx: FeedContext, staffId: string): Promise<{ url: string }> {
  await assertStaff(ctx.tdb, staffId);
  const existing = await feedRow(ctx.tdb, staffId);
  if (existing?.feed_token_encrypted) {
    const secret = await decryptField(
      ctx.encryptionKey,
      ENCRYPTED.calendarFeedToken,
      existing.feed_token_encrypted,
    );
    return { url: feedUrl(ctx.origin, existing.id, secret) };
  }
  return rotateFeedUrl(ctx, staffId);
}

/** A new secret for the feed; the old URL stops working at once. */
export async function rotateFeedUrl(ctx: FeedContext, staffId: string): Promise<{ url: string }> {
  await assertStaff(ctx.tdb, staffId);
  const { secret, ...stored } = await newSecret(ctx.encryptionKey);
  const row = await ctx.tdb.transaction(async (tx) => {
    const existing = await feedRow(tx, staffId);
    if (existing)
      return tx.update(bookingCalendarConnections, existing.id, {
        ...stored,
        updated_at: new Date(),
      });
    return tx.insert(bookingCalendarConnections, {
      staff_id: staffId,
      provider: 'feed',
      sync_direction: 'to_provider',
      ...stored,
    });
  });
  if (!row) throw new ApiError('not_found', 'No such staff member.');
  return { url: feedUrl(ctx.origin, row.id, secret) };
}

/**
 * The ICS text behind a feed URL, or null when the id or secret is wrong (the caller
 * answers 404 either way, so a probe learns nothing). The stored hash is compared in
 * constant time.
 */
export async function readFeed(
  db: Database,
  connectionId: string,
  secret: string,
  now: Date,
): Promise<string | null> {
  if (!isUuid(connectionId) || !/^[A-Za-z0-9_-]{16,64}$/.test(secret)) return null;
  const [row] = await db
    .select()
    .from(bookingCalendarConnections)
    .where(
      and(
        eq(bookingCalendarConnections.id, connectionId),
        eq(bookingCalendarConnections.provider, 'feed'),
      ),
    )
    .limit(1);
  if (!row?.feed_token) return null;
  const offered = new TextEncoder().encode(await sha256Hex(secret));
  if (!bytesEqual(offered, new TextEncoder().encode(row.feed_token))) return null;

  const since = new Date(now.getTime() - FEED_DAYS_BACK * 86_400_000);
  const [staff] = await db
    .select({ name: bookingStaff.name })
    .from(bookingStaff)
    .where(and(eq(bookingStaff.tenant_id, row.tenant_id), eq(bookingStaff.id, row.staff_id)));
  const rows = await db
    .select({
      id: appointments.id,
      start_time: appointments.start_time,
      end_time: appointments.end_time,
      updated_at: appointments.updated_at,
      sequence: appointments.sequence,
      status: appointments.status,
      service_name: bookingServices.name,
      customer_name: appointments.customer_name,
      customer_notes: appointments.customer_notes,
      confirmation_code: appointments.confirmation_code,
    })
    .from(appointments)
    .innerJoin(
      bookingServices,
      and(
        eq(bookingServices.tenant_id, appointments.tenant_id),
        eq(bookingServices.id, appointments.service_id),
      ),
    )
    .where(
      and(
        eq(appointments.tenant_id, row.tenant_id),
        eq(appointments.staff_id, row.staff_id),
        gte(appointments.end_time, since),
      ),
    )
    .orderBy(asc(appointments.start_time), asc(appointments.id));
  return staffFeedIcs({
    calendarName: `${staff?.name ?? 'Staff'}: appointments`,
    appointments: rows,
  });
}
