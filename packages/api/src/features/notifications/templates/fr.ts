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
  calendarRevoked: {
    subject: (f) => `${f.provider} déconnecté pour ${f.staffName}`,
    intro: (f) =>
      `${f.provider} ne permet plus à BookSprintz de lire le calendrier de ${f.staffName} : l’accès a été révoqué ou a expiré.`,
    outro: () =>
      'Tant qu’il n’est pas reconnecté, les événements de ce calendrier ne bloquent pas les créneaux et les nouvelles réservations n’y sont pas ajoutées. Les réservations existantes ne changent pas. Reconnectez-le dans Réglages → Calendriers.',
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
    phone: 'Téléphone',
    notes: 'Remarques',
    manage: 'Voir, déplacer ou annuler',
    endpoint: 'Point de terminaison',
    addToCalendar: 'Ajouter au calendrier',
    googleCalendar: 'Google Agenda',
    outlookCalendar: 'Outlook',
    icsCalendar: 'Calendrier Apple et autres (.ics)',
  },
  managePage: {
    title: (business) => `Votre rendez-vous — ${business}`,
    heading: (service) => service ?? 'Votre rendez-vous',
    status: 'Statut',
    statuses: {
      pending: 'En attente de confirmation',
      confirmed: 'Confirmé',
      cancelled: 'Annulé',
      completed: 'Effectué',
      no_show: 'Manqué',
    },
    timesShownIn: (zone) => `Heures affichées : ${zone}`,
    businessTime: (time) => `Sur place : ${time}`,
    move: 'Changer l’horaire',
    day: 'Jour',
    staffChoice: 'Avec',
    sameStaff: (name) => `${name} (comme réservé)`,
    anyStaff: 'Toute personne disponible',
    showTimes: 'Voir les créneaux libres',
    timesOn: (date) => `Créneaux libres le ${date}`,
    noTimes: 'Aucun créneau libre ce jour-là. Essayez un autre jour.',
    confirmMove: 'Déplacer votre rendez-vous ?',
    moveFromTo: (from, to) => `Du ${from} au ${to}.`,
    confirmMoveButton: 'Oui, le déplacer',
    cancelSection: 'Annuler',
    cancelHint: 'Vous ne pouvez pas venir ? Annulez pour libérer le créneau.',
    cancelButton: 'Annuler le rendez-vous…',
    confirmCancel: 'Annuler votre rendez-vous ?',
    confirmCancelHint: (when) => `Votre rendez-vous du ${when} sera annulé. C’est définitif.`,
    confirmCancelButton: 'Oui, l’annuler',
    reason: 'Motif (facultatif)',
    keep: 'Garder mon rendez-vous',
    back: 'Retour',
    cancelled: 'Votre rendez-vous est annulé. Nous avons prévenu l’établissement.',
    rescheduled: 'Votre rendez-vous a été déplacé. Nous avons prévenu l’établissement.',
    taken: 'Désolé, ce créneau vient d’être pris. Choisissez-en un autre.',
    closed: 'Ce rendez-vous ne peut plus être modifié ici. Contactez l’établissement si besoin.',
  },
  disabledReasons: {
    gone: 'il a répondu 410 Gone',
    failing: "toutes les tentatives d'envoi ont échoué pendant plus d'un jour",
    refused: "son adresse n'est pas autorisée",
  },
};
