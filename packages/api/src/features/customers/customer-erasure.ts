import { eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  appointments,
  bookingAnalyticsEvents,
  bookingCustomers,
  bookingNotifications,
  bookingOccupancies,
  bookingWebhookDeliveries,
  idempotencyKeys,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { appointmentsOf, lockCustomer } from './customers.ts';

export const ERASED_NAME = 'Erased customer';

/** True where a JSON column's text mentions the email anywhere (case-insensitively). */
function mentions(column: PgColumn, email: string): SQL {
  return sql`strpos(lower(${column}::text), ${email}) > 0`;
}

/**
 * GDPR erasure, in one transaction. The business keeps its records (what was booked,
 * when, for how much), but nothing that identifies the person:
 * - their appointments are anonymised: name "Erased customer", a per-appointment
 *   placeholder email on the reserved `.invalid` domain (RFC 2606; the column is NOT
 *   NULL and no two erased appointments should look like one person), and phone, notes,
 *   intake answers, internal notes, cancellation reason and metadata cleared;
 * - copies of their details elsewhere go: queued and sent messages to them, webhook
 *   delivery logs and idempotency replays of their bookings, analytics events naming
 *   them, and the email on their slot holds;
 * - the customer row is deleted.
 */
export async function eraseCustomer(tdb: TenantDb, customerId: string): Promise<void> {
  await tdb.transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId);
    const email = customer.email.toLowerCase();
    const theirs = await tx
      .raw()
      .select({ id: appointments.id })
      .from(appointments)
      .where(tx.scope(appointments, appointmentsOf(customer)))
      .for('update');
    const ids = theirs.map((row) => row.id);

    if (ids.length > 0) {
      await tx
        .raw()
        .update(appointments)
        .set({
          customer_id: null,
          customer_name: ERASED_NAME,
          customer_email: sql`'erased+' || ${appointments.id}::text || '@invalid'`,
          customer_phone_encrypted: null,
          client_address: null,
          customer_notes: null,
          answers: {},
          internal_notes: null,
          cancellation_reason: null,
          metadata: {},
          updated_at: new Date(),
        })
        .where(tx.scope(appointments, inArray(appointments.id, ids)));
    }
    const ofTheirAppointments = (column: PgColumn) =>
      ids.length > 0 ? inArray(column, ids) : undefined;

    await tx.delete(
      bookingNotifications,
      or(
        ofTheirAppointments(bookingNotifications.appointment_id),
        eq(sql`lower(${bookingNotifications.recipient_email})`, email),
        mentions(bookingNotifications.payload, email),
      ) as SQL,
    );
    await tx.delete(
      bookingWebhookDeliveries,
      or(
        ofTheirAppointments(bookingWebhookDeliveries.appointment_id),
        mentions(bookingWebhookDeliveries.payload, email),
      ) as SQL,
    );
    await tx.delete(idempotencyKeys, mentions(idempotencyKeys.response_body, email));
    await tx.delete(bookingAnalyticsEvents, mentions(bookingAnalyticsEvents.event_data, email));
    await tx
      .raw()
      .update(bookingOccupancies)
      .set({ holder_email: null, holder_ip: null })
      .where(
        tx.scope(bookingOccupancies, eq(sql`lower(${bookingOccupancies.holder_email})`, email)),
      );
    await tx.delete(bookingCustomers, eq(bookingCustomers.id, customer.id));
  });
}
