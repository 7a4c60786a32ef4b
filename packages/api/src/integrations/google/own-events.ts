/** The private extended property that names the appointment an event was written for. */
export const GOOGLE_APPOINTMENT_PROPERTY = 'booksprintz_appointment';

/**
 * The one id an appointment's event ever has in a Google calendar. Google lets the
 * client choose it (base32hex: 0-9 and a-v, 5 to 1024 characters); the appointment's
 * UUID in hex already is base32hex, behind a fixed prefix. A retried insert with it
 * answers 409 instead of making a second event.
 */
export function googleEventId(appointmentId: string): string {
  const id = `bks${appointmentId.replace(/-/g, '').toLowerCase()}`;
  if (!/^[0-9a-v]{5,1024}$/.test(id)) throw new Error(`not an appointment id: ${appointmentId}`);
  return id;
}

/** An event we wrote: it names an appointment and has that appointment's fixed id. */
export function isOwnGoogleEvent(event: {
  id: string;
  extendedProperties?: { private?: Record<string, string> };
}): boolean {
  const appointmentId = event.extendedProperties?.private?.[GOOGLE_APPOINTMENT_PROPERTY];
  if (!appointmentId) return false;
  try {
    return event.id === googleEventId(appointmentId);
  } catch {
    return false;
  }
}
