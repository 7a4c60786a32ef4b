import type { NotificationCopy } from './copy.ts';

export const es: NotificationCopy = {
  confirmation: {
    subject: (f) => `Confirmada: ${f.serviceName} en ${f.businessName}`,
    intro: (f) => `Hola ${f.customerName}, tu reserva está confirmada.`,
    outro: () => 'La invitación adjunta la añade a tu calendario.',
    sms: (f) =>
      `${f.businessName}: tu ${f.serviceName} del ${f.when} está confirmada. Código ${f.confirmationCode}.`,
  },
  confirmationRequested: {
    subject: (f) => `Solicitud recibida: ${f.serviceName} en ${f.businessName}`,
    intro: (f) =>
      `Hola ${f.customerName}, hemos recibido tu solicitud de reserva. ${f.businessName} la confirmará en breve.`,
  },
  reminder: {
    subject: (f) => `Recordatorio: ${f.serviceName} en ${f.businessName}`,
    intro: (f) => `Hola ${f.customerName}, te recordamos tu próxima cita.`,
    sms: (f) => `${f.businessName}: recordatorio de tu ${f.serviceName} del ${f.when}.`,
  },
  rescheduled: {
    subject: (f) => `Cambio de hora: ${f.serviceName} en ${f.businessName}`,
    intro: (f) => `Hola ${f.customerName}, tu cita ha cambiado de hora.`,
    outro: () => 'La invitación adjunta actualiza tu calendario.',
    sms: (f) => `${f.businessName}: tu ${f.serviceName} ha pasado al ${f.when}.`,
  },
  cancellation: {
    subject: (f) => `Cancelada: ${f.serviceName} en ${f.businessName}`,
    intro: (f) => `Hola ${f.customerName}, tu cita ha sido cancelada.`,
    outro: () => 'La actualización adjunta la quita de tu calendario.',
    sms: (f) => `${f.businessName}: tu ${f.serviceName} del ${f.when} ha sido cancelada.`,
  },
  followUp: {
    subject: (f) => `Gracias por visitar ${f.businessName}`,
    intro: (f) => `Hola ${f.customerName}, gracias por tu visita. Esperamos verte pronto.`,
  },
  businessConfirmation: {
    subject: (f) => `Nueva reserva: ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `${f.customerName} (${f.customerEmail}) ha reservado ${f.serviceName}.`,
  },
  approvalRequest: {
    subject: (f) => `Aprobación pendiente: ${f.customerName}, ${f.serviceName}`,
    intro: (f) =>
      `${f.customerName} (${f.customerEmail}) ha solicitado ${f.serviceName}. La solicitud espera tu aprobación.`,
  },
  businessRescheduled: {
    subject: (f) => `Cambio de hora: ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `La cita de ${f.customerName} ha cambiado de hora.`,
  },
  businessCancellation: {
    subject: (f) => `Cancelada: ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `La cita de ${f.customerName} ha sido cancelada.`,
  },
  webhookDisabled: {
    subject: () => 'Se ha desactivado un webhook',
    intro: (f) => `Hemos dejado de enviar eventos de reservas a ${f.url}: ${f.reason}.`,
    outro: () => 'Corrige el endpoint y vuelve a activarlo en la configuración de webhooks.',
  },
  calendarRevoked: {
    subject: (f) => `${f.provider} se ha desconectado para ${f.staffName}`,
    intro: (f) =>
      `${f.provider} ya no permite a BookSprintz leer el calendario de ${f.staffName}: el acceso se ha revocado o ha caducado.`,
    outro: () =>
      'Hasta que se vuelva a conectar, los eventos de ese calendario no bloquean horas de reserva y las nuevas reservas no se añaden a él. Las reservas existentes no cambian. Vuelve a conectarlo en Ajustes → Calendarios.',
  },
  labelSeparator: ': ',
  labels: {
    service: 'Servicio',
    staff: 'Con',
    when: 'Cuándo',
    yourTime: 'Tu hora',
    previously: 'Antes',
    where: 'Dónde',
    code: 'Código de confirmación',
    reason: 'Motivo',
    customer: 'Cliente',
    phone: 'Teléfono',
    notes: 'Notas',
    manage: 'Ver, cambiar o cancelar',
    endpoint: 'Endpoint',
    addToCalendar: 'Añadir al calendario',
    googleCalendar: 'Google Calendar',
    outlookCalendar: 'Outlook',
    icsCalendar: 'Calendario de Apple y otros (.ics)',
  },
  managePage: {
    title: (business) => `Tu cita — ${business}`,
    heading: (service) => service ?? 'Tu cita',
    status: 'Estado',
    statuses: {
      pending: 'Pendiente de confirmación',
      confirmed: 'Confirmada',
      cancelled: 'Cancelada',
      completed: 'Realizada',
      no_show: 'No asistió',
    },
    timesShownIn: (zone) => `Horas en ${zone}`,
    businessTime: (time) => `En el negocio: ${time}`,
    move: 'Cambiar la hora',
    day: 'Día',
    staffChoice: 'Con',
    sameStaff: (name) => `${name} (como reservaste)`,
    anyStaff: 'Cualquier profesional disponible',
    showTimes: 'Ver horas libres',
    timesOn: (date) => `Horas libres el ${date}`,
    noTimes: 'No hay horas libres ese día. Prueba otro día.',
    confirmMove: '¿Cambiar tu cita?',
    moveFromTo: (from, to) => `Del ${from} al ${to}.`,
    confirmMoveButton: 'Sí, cambiarla',
    cancelSection: 'Cancelar',
    cancelHint: '¿No puedes venir? Cancela para que otra persona pueda usar la hora.',
    cancelButton: 'Cancelar la cita…',
    confirmCancel: '¿Cancelar tu cita?',
    confirmCancelHint: (when) => `Tu cita del ${when} se cancelará. No se puede deshacer.`,
    confirmCancelButton: 'Sí, cancelarla',
    reason: 'Motivo (opcional)',
    keep: 'Mantener mi cita',
    back: 'Volver',
    cancelled: 'Tu cita está cancelada. Se lo hemos comunicado al negocio.',
    rescheduled: 'Tu cita se ha cambiado. Se lo hemos comunicado al negocio.',
    taken: 'Lo sentimos, esa hora acaba de ocuparse. Elige otra.',
    closed: 'Esta cita ya no se puede cambiar aquí. Contacta con el negocio si necesitas ayuda.',
  },
  disabledReasons: {
    gone: 'respondió 410 Gone',
    failing: 'todos los intentos de entrega fallaron durante más de un día',
    refused: 'su dirección no está permitida',
  },
};
