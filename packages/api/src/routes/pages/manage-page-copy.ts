import type { Appointment } from '@booksprintz/shared';
import type { Locale } from '../../features/notifications/templates/render.ts';

/**
 * The manage page's words, in the customer's language (the one they booked in, as their
 * emails are). One object per locale, so a missing translation is a type error.
 */
export interface ManagePageCopy {
  title(business: string): string;
  heading(service: string | null, business: string): string;
  when: string;
  with: string;
  code: string;
  status: string;
  statuses: Record<Appointment['status'], string>;
  addToCalendar: string;
  reason: string;
  cancel: string;
  cancelled: string;
  /** Moving the appointment: a day, then that day's free times. */
  move: string;
  day: string;
  showTimes: string;
  timesOn(date: string, zone: string): string;
  noTimes: string;
  rescheduled: string;
  taken: string;
}

const en: ManagePageCopy = {
  title: (business) => `Your appointment — ${business}`,
  heading: (service, business) => `${service ?? 'Appointment'} at ${business}`,
  when: 'When',
  with: 'With',
  code: 'Code',
  status: 'Status',
  statuses: {
    pending: 'pending',
    confirmed: 'confirmed',
    cancelled: 'cancelled',
    completed: 'completed',
    no_show: 'missed',
  },
  addToCalendar: 'Add to calendar (.ics)',
  reason: 'Reason (optional)',
  cancel: 'Cancel this appointment',
  cancelled: 'Your appointment is cancelled. We have let the business know.',
  move: 'Move to another time',
  day: 'Day',
  showTimes: 'Show free times',
  timesOn: (date, zone) => `Free times on ${date} (${zone} time)`,
  noTimes: 'No free times that day. Try another day.',
  rescheduled: 'Your appointment has been moved. We have let the business know.',
  taken: 'Sorry, that time has just been taken. Choose another.',
};

const es: ManagePageCopy = {
  title: (business) => `Tu cita — ${business}`,
  heading: (service, business) => `${service ?? 'Cita'} en ${business}`,
  when: 'Cuándo',
  with: 'Con',
  code: 'Código',
  status: 'Estado',
  statuses: {
    pending: 'pendiente',
    confirmed: 'confirmada',
    cancelled: 'cancelada',
    completed: 'realizada',
    no_show: 'no asistió',
  },
  addToCalendar: 'Añadir al calendario (.ics)',
  reason: 'Motivo (opcional)',
  cancel: 'Cancelar esta cita',
  cancelled: 'Tu cita está cancelada. Se lo hemos comunicado al negocio.',
  move: 'Cambiar a otra hora',
  day: 'Día',
  showTimes: 'Ver horas libres',
  timesOn: (date, zone) => `Horas libres el ${date} (hora de ${zone})`,
  noTimes: 'No hay horas libres ese día. Prueba otro día.',
  rescheduled: 'Tu cita se ha cambiado. Se lo hemos comunicado al negocio.',
  taken: 'Lo sentimos, esa hora acaba de ocuparse. Elige otra.',
};

const fr: ManagePageCopy = {
  title: (business) => `Votre rendez-vous — ${business}`,
  heading: (service, business) => `${service ?? 'Rendez-vous'} chez ${business}`,
  when: 'Quand',
  with: 'Avec',
  code: 'Code',
  status: 'Statut',
  statuses: {
    pending: 'en attente',
    confirmed: 'confirmé',
    cancelled: 'annulé',
    completed: 'effectué',
    no_show: 'manqué',
  },
  addToCalendar: 'Ajouter au calendrier (.ics)',
  reason: 'Motif (facultatif)',
  cancel: 'Annuler ce rendez-vous',
  cancelled: 'Votre rendez-vous est annulé. Nous avons prévenu l’établissement.',
  move: 'Déplacer à un autre moment',
  day: 'Jour',
  showTimes: 'Voir les créneaux libres',
  timesOn: (date, zone) => `Créneaux libres le ${date} (heure de ${zone})`,
  noTimes: 'Aucun créneau libre ce jour-là. Essayez un autre jour.',
  rescheduled: 'Votre rendez-vous a été déplacé. Nous avons prévenu l’établissement.',
  taken: 'Désolé, ce créneau vient d’être pris. Choisissez-en un autre.',
};

export const MANAGE_PAGE_COPY: Record<Locale, ManagePageCopy> = { en, es, fr };
