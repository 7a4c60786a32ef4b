import type { calendarsEn } from './en.ts';

export const calendarsFr: Record<keyof typeof calendarsEn, string> = {
  'settings.calendars': 'Calendriers',
  'calendars.lead':
    'Connectez les calendriers de chaque personne : leurs créneaux occupés bloquent les réservations, et les nouvelles réservations peuvent être ajoutées à l’un d’eux.',
  'calendars.cardTitle': 'Calendriers',
  'calendars.cardLead':
    'Les créneaux occupés des calendriers connectés bloquent les réservations ; les nouvelles réservations peuvent être ajoutées à un calendrier.',
  'calendars.none': 'Aucun calendrier connecté pour l’instant.',
  'calendars.noStaff': 'Ajoutez d’abord un membre de l’équipe.',
  'calendars.provider.ics': 'Lien de calendrier (ICS)',
  'calendars.provider.caldav': 'CalDAV',
  'calendars.provider.google': 'Google Agenda',
  'calendars.provider.microsoft': 'Outlook',
  'calendars.status.pending': 'En attente d’autorisation',
  'calendars.status.active': 'Connecté',
  'calendars.status.error': 'Échec de la synchronisation',
  'calendars.status.revoked': 'Accès retiré',
  'calendars.revokedHelp':
    'Le fournisseur du calendrier a retiré notre accès. Déconnectez-le puis connectez-le à nouveau.',
  'calendars.lastSynced': 'Dernière synchronisation : {when}',
  'calendars.neverSynced': 'Pas encore synchronisé',
  'calendars.lastError': 'Dernière erreur : {error}',
  'calendars.calendarsOf': 'Calendriers de cette connexion',
  'calendars.calendar': 'Calendrier',
  'calendars.blocks': 'Vérifier les conflits',
  'calendars.blocksFor': 'Les créneaux occupés de {name} bloquent les réservations',
  'calendars.receives': 'Ajouter les réservations ici',
  'calendars.receivesFor': 'Ajouter les nouvelles réservations à {name}',
  'calendars.receivesNone': 'N’ajouter les réservations à aucun calendrier de cette connexion',
  'calendars.noCalendars':
    'Aucun calendrier trouvé pour l’instant. Resynchronisez une fois l’adresse corrigée.',
  'calendars.allDayBlocks': 'Les événements sur la journée bloquent toute la journée',
  'calendars.tentativeBlocks': 'Les événements provisoires bloquent',
  'calendars.resync': 'Synchroniser maintenant',
  'calendars.resynced': 'Synchronisé : {count} créneaux occupés.',
  'calendars.disconnect': 'Déconnecter',
  'calendars.disconnectConfirm':
    'Déconnecter {name} ? Ses créneaux occupés ne bloqueront plus les réservations. Les événements déjà écrits y restent.',
  'calendars.disconnected': 'Déconnecté.',
  'calendars.saved': 'Enregistré.',
  'calendars.connectTitle': 'Connecter un calendrier',
  'calendars.connectGoogle': 'Connecter Google',
  'calendars.connectMicrosoft': 'Connecter Outlook',
  'calendars.connectCaldav': 'Apple iCloud ou CalDAV',
  'calendars.connectIcs': 'Lien de calendrier (ICS)',
  'calendars.caldavTitle': 'Connecter iCloud ou un autre calendrier CalDAV',
  'calendars.caldavUrl': 'Adresse du serveur ou du calendrier',
  'calendars.caldavUrlHint':
    'Pour iCloud : https://caldav.icloud.com. Autres serveurs : l’adresse du compte ou d’un calendrier.',
  'calendars.username': 'Nom d’utilisateur',
  'calendars.password': 'Mot de passe',
  'calendars.passwordHint':
    'Pour iCloud, créez un mot de passe pour app sur appleid.apple.com (Connexion et sécurité → Mots de passe pour app) ; le mot de passe de votre identifiant Apple ne fonctionnera pas.',
  'calendars.icsTitle': 'Ajouter un calendrier par son lien',
  'calendars.icsUrl': 'Adresse du calendrier (ICS)',
  'calendars.icsUrlHint':
    'L’adresse secrète iCal / .ics de Google, Outlook ou Apple. Lue toutes les 15 minutes ; les réservations n’y sont pas écrites.',
  'calendars.connect': 'Connecter',
  'calendars.connected': 'Connecté : {count} calendriers trouvés.',
  'calendars.connectedWithError': 'Enregistré, mais la première synchronisation a échoué : {error}',
  'calendars.feedTitle': 'S’abonner aux réservations',
  'calendars.feedLead':
    'Une adresse privée des réservations de cette personne. Ajoutez-la à Google, Apple ou Outlook comme calendrier abonné. Toute personne qui a l’adresse voit les réservations.',
  'calendars.feedUrl': 'Adresse du flux de réservations',
  'calendars.copy': 'Copier le lien',
  'calendars.copied': 'Lien copié.',
  'calendars.rotate': 'Changer le lien',
  'calendars.rotateConfirm':
    'Changer l’adresse ? Les calendriers abonnés à l’ancienne ne seront plus mis à jour tant qu’ils ne s’abonnent pas à la nouvelle.',
  'calendars.rotated': 'Nouvelle adresse créée. L’ancienne ne fonctionne plus.',
  'calendars.busyLegend': 'Occupé dans un calendrier connecté',
};
