import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type {
  Appointment,
  BookingLocation,
  BookingService,
  BookingStaff,
  BookingTenant,
} from '../../db/schema/index.ts';

export interface AppointmentIcsInput {
  appointment: Appointment;
  service: Pick<BookingService, 'name' | 'description'>;
  staff: Pick<BookingStaff, 'name'>;
  location:
    | Pick<BookingLocation, 'name' | 'address_line1' | 'city' | 'state' | 'postal_code'>
    | undefined;
  tenant: Pick<BookingTenant, 'business_name' | 'email'>;
  /** REQUEST for invitations in email, CANCEL when cancelled; none for a download. */
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  manageUrl?: string;
}

/** One UID per appointment for its whole life, so calendars update the same event. */
export function appointmentUid(appointmentId: string): string {
  return `${appointmentId}@booksprintz`;
}

/**
 * An RFC 5545 calendar with one VEVENT for the appointment, in UTC (DTSTART/DTEND
 * with `Z`): the same instant whatever calendar the customer imports it into.
 * SEQUENCE follows the appointment's reschedule count.
 */
export function appointmentIcs(input: AppointmentIcsInput): string {
  const { appointment, service, staff, location, tenant } = input;
  const calendar = ical({
    prodId: { company: 'BookSprintz', product: 'booking', language: 'EN' },
    name: tenant.business_name,
  });
  const method = input.method ?? (appointment.status === 'cancelled' ? 'CANCEL' : undefined);
  if (method) calendar.method(ICalCalendarMethod[method]);
  const place = location
    ? [location.name, location.address_line1, location.city, location.state, location.postal_code]
        .filter(Boolean)
        .join(', ')
    : tenant.business_name;
  calendar.createEvent({
    id: appointmentUid(appointment.id),
    sequence: appointment.sequence,
    stamp: appointment.updated_at,
    start: appointment.start_time,
    end: appointment.end_time,
    summary: `${service.name} with ${staff.name} — ${tenant.business_name}`,
    description: [
      `Confirmation code: ${appointment.confirmation_code}`,
      service.description ?? '',
      input.manageUrl ? `Change or cancel: ${input.manageUrl}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    location: place,
    organizer: {
      name: tenant.business_name,
      email: tenant.email ?? 'bookings@booksprintz.invalid',
    },
    status:
      appointment.status === 'cancelled'
        ? ICalEventStatus.CANCELLED
        : appointment.status === 'pending'
          ? ICalEventStatus.TENTATIVE
          : ICalEventStatus.CONFIRMED,
    ...(input.manageUrl ? { url: input.manageUrl } : {}),
  });
  return calendar.toString();
}
