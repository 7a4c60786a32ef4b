import type { calendarsEn } from './en.ts';

export const calendarsEs: Record<keyof typeof calendarsEn, string> = {
  'settings.calendars': 'Calendarios',
  'calendars.lead':
    'Conecta los calendarios de cada persona: sus horas ocupadas bloquean reservas y las nuevas reservas pueden añadirse a uno de ellos.',
  'calendars.cardTitle': 'Calendarios',
  'calendars.cardLead':
    'Las horas ocupadas de los calendarios conectados bloquean reservas; las nuevas reservas pueden añadirse a un calendario.',
  'calendars.none': 'Aún no hay ningún calendario conectado.',
  'calendars.noStaff': 'Primero añade a un miembro del equipo.',
  'calendars.provider.ics': 'Enlace de calendario (ICS)',
  'calendars.provider.caldav': 'CalDAV',
  'calendars.provider.google': 'Google Calendar',
  'calendars.provider.microsoft': 'Outlook',
  'calendars.status.pending': 'Esperando autorización',
  'calendars.status.active': 'Conectado',
  'calendars.status.error': 'Error de sincronización',
  'calendars.status.revoked': 'Acceso retirado',
  'calendars.revokedHelp':
    'El proveedor del calendario retiró nuestro acceso. Desconéctalo y vuelve a conectarlo.',
  'calendars.lastSynced': 'Última sincronización: {when}',
  'calendars.neverSynced': 'Aún sin sincronizar',
  'calendars.lastError': 'Último error: {error}',
  'calendars.calendarsOf': 'Calendarios de esta conexión',
  'calendars.calendar': 'Calendario',
  'calendars.blocks': 'Comprobar conflictos',
  'calendars.blocksFor': 'Las horas ocupadas de {name} bloquean reservas',
  'calendars.receives': 'Añadir reservas aquí',
  'calendars.receivesFor': 'Añadir las nuevas reservas a {name}',
  'calendars.receivesNone': 'No añadir reservas a ningún calendario de esta conexión',
  'calendars.noCalendars':
    'Aún no se encontraron calendarios. Vuelve a sincronizar cuando la dirección sea correcta.',
  'calendars.allDayBlocks': 'Los eventos de todo el día bloquean el día entero',
  'calendars.tentativeBlocks': 'Los eventos provisionales bloquean',
  'calendars.resync': 'Sincronizar ahora',
  'calendars.resynced': 'Sincronizado: {count} horas ocupadas.',
  'calendars.disconnect': 'Desconectar',
  'calendars.disconnectConfirm':
    '¿Desconectar {name}? Sus horas ocupadas dejarán de bloquear reservas. Los eventos ya escritos en él se quedan.',
  'calendars.disconnected': 'Desconectado.',
  'calendars.saved': 'Guardado.',
  'calendars.connectTitle': 'Conectar un calendario',
  'calendars.connectGoogle': 'Conectar Google',
  'calendars.connectMicrosoft': 'Conectar Outlook',
  'calendars.connectCaldav': 'Apple iCloud o CalDAV',
  'calendars.connectIcs': 'Enlace de calendario (ICS)',
  'calendars.caldavTitle': 'Conectar iCloud u otro calendario CalDAV',
  'calendars.caldavUrl': 'Dirección del servidor o del calendario',
  'calendars.caldavUrlHint':
    'Para iCloud: https://caldav.icloud.com. Otros servidores: la dirección de la cuenta o de un calendario.',
  'calendars.username': 'Usuario',
  'calendars.password': 'Contraseña',
  'calendars.passwordHint':
    'Para iCloud, crea una contraseña de aplicación en appleid.apple.com (Inicio de sesión y seguridad → Contraseñas de aplicación); la contraseña de tu Apple ID no funcionará.',
  'calendars.icsTitle': 'Añadir un calendario por su enlace',
  'calendars.icsUrl': 'Dirección del calendario (ICS)',
  'calendars.icsUrlHint':
    'La dirección secreta iCal / .ics de Google, Outlook o Apple. Se lee cada 15 minutos; las reservas no se escriben en él.',
  'calendars.connect': 'Conectar',
  'calendars.connected': 'Conectado: {count} calendarios encontrados.',
  'calendars.connectedWithError': 'Guardado, pero la primera sincronización falló: {error}',
  'calendars.feedTitle': 'Suscribirse a las reservas',
  'calendars.feedLead':
    'Una dirección privada con las reservas de esta persona. Añádela a Google, Apple u Outlook como calendario suscrito. Quien tenga la dirección puede ver las reservas.',
  'calendars.feedUrl': 'Dirección del calendario de reservas',
  'calendars.copy': 'Copiar enlace',
  'calendars.copied': 'Enlace copiado.',
  'calendars.rotate': 'Cambiar enlace',
  'calendars.rotateConfirm':
    '¿Cambiar la dirección? Los calendarios suscritos a la anterior dejarán de actualizarse hasta que se suscriban a la nueva.',
  'calendars.rotated': 'Nueva dirección creada. La anterior ya no funciona.',
  'calendars.busyLegend': 'Ocupado en un calendario conectado',
};
