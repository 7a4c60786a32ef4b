import { and, eq } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  type Appointment,
  appointments,
  type BookingTenant,
  bookingCustomers,
  bookingLocations,
  bookingServices,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';

/** Everything the messages and webhooks of one booking event say, read in its transaction. */
export interface BookingSnapshot {
  appointment: Appointment;
  tenant: BookingTenant;
  serviceName: string;
  staff: { name: string; email: string | null } | null;
  location: { name: string; address: string | null; timezone: string } | null;
  customer: { smsOptIn: boolean; emailNotifications: boolean } | null;
  /** Where the appointment happens: the location's zone, else the business's. */
  zone: string;
}

export function oneLineAddress(location: {
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
}): string | null {
  const cityLine = [location.city, [location.state, location.postal_code].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const parts = [location.address_line1, location.address_line2, cityLine].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** Reads the appointment with its service, staff, location and customer in one query. */
export async function loadBookingSnapshot(
  tx: TenantDb,
  appointmentId: string,
): Promise<BookingSnapshot> {
  const snapshot = await findBookingSnapshot(tx, appointmentId);
  if (!snapshot) throw new Error(`no appointment ${appointmentId} for tenant ${tx.tenantId}`);
  return snapshot;
}

/** `loadBookingSnapshot`, or null when the appointment (or its business) is gone. */
export async function findBookingSnapshot(
  tx: TenantDb,
  appointmentId: string,
): Promise<BookingSnapshot | null> {
  const tenant = await tx.tenant();
  if (!tenant) return null;
  const same = (table: { tenant_id: PgColumn }) => eq(table.tenant_id, appointments.tenant_id);
  const [row] = await tx
    .raw()
    .select({
      appointment: appointments,
      serviceName: bookingServices.name,
      staffName: bookingStaff.name,
      staffEmail: bookingStaff.email,
      location: {
        name: bookingLocations.name,
        address_line1: bookingLocations.address_line1,
        address_line2: bookingLocations.address_line2,
        city: bookingLocations.city,
        state: bookingLocations.state,
        postal_code: bookingLocations.postal_code,
        timezone: bookingLocations.timezone,
      },
      customer: {
        smsOptIn: bookingCustomers.sms_opt_in,
        emailNotifications: bookingCustomers.email_notifications,
      },
    })
    .from(appointments)
    .leftJoin(
      bookingServices,
      and(same(bookingServices), eq(bookingServices.id, appointments.service_id)),
    )
    .leftJoin(bookingStaff, and(same(bookingStaff), eq(bookingStaff.id, appointments.staff_id)))
    .leftJoin(
      bookingLocations,
      and(same(bookingLocations), eq(bookingLocations.id, appointments.location_id)),
    )
    .leftJoin(
      bookingCustomers,
      and(same(bookingCustomers), eq(bookingCustomers.id, appointments.customer_id)),
    )
    .where(tx.scope(appointments, eq(appointments.id, appointmentId)))
    .limit(1);
  if (!row) return null;
  const location = row.location
    ? {
        name: row.location.name,
        address: oneLineAddress(row.location),
        timezone: row.location.timezone,
      }
    : null;
  return {
    appointment: row.appointment,
    tenant,
    serviceName: row.serviceName ?? '',
    staff: row.staffName ? { name: row.staffName, email: row.staffEmail } : null,
    location,
    customer: row.customer,
    zone: location?.timezone ?? tenant.timezone,
  };
}
