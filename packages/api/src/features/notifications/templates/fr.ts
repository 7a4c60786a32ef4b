import type { NotificationCopy } from './copy.ts';

export const fr: NotificationCopy = {
  confirmation: {
    subject: (f) => `Confirmé : ${f.serviceName} chez ${f.businessName}`,
    intro: (f) => `Bonjour ${f.customerName}, votre réservation est confirmée.`,
    outro: () => "L'invitation jointe l'ajoute à votre agenda.",
    sms: (f) =>
      `${f.businessName} : votre ${f.serviceName} du ${f.when} est confirmé. Code ${f.confirmationCode}.`,
  },
  confirmationRequested: {
    subject: (f) => `Demande reçue : ${f.serviceName} chez ${f.businessName}`,
    intro: (f) =>
      `Bonjour ${f.customerName}, nous avons bien reçu votre demande. ${f.businessName} la confirmera sous peu.`,
  },
  reminder: {
    subject: (f) => `Rappel : ${f.serviceName} chez ${f.businessName}`,
    intro: (f) => `Bonjour ${f.customerName}, nous vous rappelons votre prochain rendez-vous.`,
    sms: (f) => `${f.businessName} : rappel de votre ${f.serviceName} du ${f.when}.`,
  },
  rescheduled: {
    subject: (f) => `Nouvel horaire : ${f.serviceName} chez ${f.businessName}`,
    intro: (f) => `Bonjour ${f.customerName}, votre rendez-vous a été déplacé.`,
    outro: () => "L'invitation jointe met votre agenda à jour.",
    sms: (f) => `${f.businessName} : votre ${f.serviceName} est déplacé au ${f.when}.`,
  },
  cancellation: {
    subject: (f) => `Annulé : ${f.serviceName} chez ${f.businessName}`,
    intro: (f) => `Bonjour ${f.customerName}, votre rendez-vous a été annulé.`,
    outro: () => 'La mise à jour jointe le retire de votre agenda.',
    sms: (f) => `${f.businessName} : votre ${f.serviceName} du ${f.when} est annulé.`,
  },
  followUp: {
    subject: (f) => `Merci de votre visite chez ${f.businessName}`,
    intro: (f) =>
      `Bonjour ${f.customerName}, merci de votre visite. Nous espérons vous revoir bientôt.`,
  },
  businessConfirmation: {
    subject: (f) => `Nouvelle réservation : ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `${f.customerName} (${f.customerEmail}) a réservé ${f.serviceName}.`,
  },
  approvalRequest: {
    subject: (f) => `Validation requise : ${f.customerName}, ${f.serviceName}`,
    intro: (f) =>
      `${f.customerName} (${f.customerEmail}) souhaite réserver ${f.serviceName}. La demande attend votre validation.`,
  },
  businessRescheduled: {
    subject: (f) => `Nouvel horaire : ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `Le rendez-vous de ${f.customerName} a été déplacé.`,
  },
  businessCancellation: {
    subject: (f) => `Annulé : ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `Le rendez-vous de ${f.customerName} a été annulé.`,
  },
  webhookDisabled: {
    subject: () => 'Un webhook a été désactivé',
    intro: (f) => `Nous n'envoyons plus les événements de réservation à ${f.url} : ${f.reason}.`,
    outro: () => 'Corrigez le point de terminaison puis réactivez-le dans vos réglages.',
  },
  labelSeparator: ' : ',
  labels: {
    service: 'Prestation',
    staff: 'Avec',
    when: 'Quand',
    yourTime: 'Votre heure',
    previously: 'Auparavant',
    where: 'Où',
    code: 'Code de confirmation',
    reason: 'Motif',
    customer: 'Client',
    manage: 'Voir, déplacer ou annuler',
    endpoint: 'Point de terminaison',
  },
  disabledReasons: {
    gone: 'il a répondu 410 Gone',
    failing: "toutes les tentatives d'envoi ont échoué pendant plus d'un jour",
    refused: "son adresse n'est pas autorisée",
  },
};
