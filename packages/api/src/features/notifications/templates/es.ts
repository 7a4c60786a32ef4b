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
    manage: 'Ver, cambiar o cancelar',
    endpoint: 'Endpoint',
  },
  disabledReasons: {
    gone: 'respondió 410 Gone',
    failing: 'todos los intentos de entrega fallaron durante más de un día',
    refused: 'su dirección no está permitida',
  },
};
