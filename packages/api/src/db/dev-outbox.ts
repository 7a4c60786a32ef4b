import { desc, eq } from 'drizzle-orm';
import type { Database } from './client.ts';
import { bookingNotifications, bookingTenants } from './schema/index.ts';

/**
 * The latest outbox rows of every tenant, for the development page `/dev/outbox` only
 * (the routes that call this answer 404 outside development).
 */
export async function latestNotifications(db: Database, limit: number) {
  return db
    .select({ notification: bookingNotifications, subdomain: bookingTenants.subdomain })
    .from(bookingNotifications)
    .innerJoin(bookingTenants, eq(bookingTenants.id, bookingNotifications.tenant_id))
    .orderBy(desc(bookingNotifications.created_at), desc(bookingNotifications.scheduled_for))
    .limit(limit);
}

/** One outbox row by id, for `/dev/outbox/:id` (development only). */
export async function notificationById(db: Database, id: string) {
  const [row] = await db
    .select()
    .from(bookingNotifications)
    .where(eq(bookingNotifications.id, id))
    .limit(1);
  return row;
}
