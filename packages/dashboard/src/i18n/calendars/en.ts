/**
 * Words of Settings → Calendars and the Calendars card on a staff member's page, kept
 * apart from en.ts so that screen can grow without touching the app's main catalogue.
 */
export const calendarsEn = {
  'settings.calendars': 'Calendars',
  'calendars.lead':
    "Connect each person's own calendars: their busy times block bookings, and new bookings can be added to one of them.",
  'calendars.cardTitle': 'Calendars',
  'calendars.cardLead':
    'Busy times in connected calendars block bookings; new bookings can be added to one calendar.',
  'calendars.none': 'No calendar connected yet.',
  'calendars.noStaff': 'Add a staff member first.',
  'calendars.provider.ics': 'Calendar link (ICS)',
  'calendars.provider.caldav': 'CalDAV',
  'calendars.provider.google': 'Google Calendar',
  'calendars.provider.microsoft': 'Outlook',
  'calendars.status.pending': 'Waiting for consent',
  'calendars.status.active': 'Connected',
  'calendars.status.error': 'Sync failed',
  'calendars.status.revoked': 'Access revoked',
  'calendars.revokedHelp':
    'The calendar provider withdrew our access. Disconnect and connect again.',
  'calendars.lastSynced': 'Last synced {when}',
  'calendars.neverSynced': 'Not synced yet',
  'calendars.lastError': 'Last error: {error}',
  'calendars.calendarsOf': 'Calendars of this connection',
  'calendars.calendar': 'Calendar',
  'calendars.blocks': 'Check for conflicts',
  'calendars.blocksFor': 'Busy times in {name} block bookings',
  'calendars.receives': 'Add bookings here',
  'calendars.receivesFor': 'Add new bookings to {name}',
  'calendars.noCalendars': 'No calendars found yet. Resync once the address is right.',
  'calendars.options': 'Blocking options',
  'calendars.allDayBlocks': 'All-day events block the whole day',
  'calendars.tentativeBlocks': 'Tentative events block',
  'calendars.resync': 'Resync now',
  'calendars.disconnect': 'Disconnect',
  'calendars.disconnectConfirm':
    'Disconnect {name}? Its busy times stop blocking bookings. Events already written to it stay there.',
  'calendars.disconnected': 'Disconnected.',
  'calendars.connected.one': 'Connected: 1 calendar found.',
  'calendars.connected.other': 'Connected: {count} calendars found.',
  'calendars.resynced.one': 'Synced: 1 busy time.',
  'calendars.resynced.other': 'Synced: {count} busy times.',
  'calendars.connectCaldav': 'iCloud / CalDAV',
  'calendars.receivesNone': "Don't add bookings to these calendars",
  'calendars.saved': 'Saved.',
  'calendars.connectTitle': 'Connect a calendar',
  'calendars.connectGoogle': 'Connect Google',
  'calendars.connectMicrosoft': 'Connect Outlook',
  'calendars.connectIcs': 'Calendar link (ICS)',
  'calendars.caldavTitle': 'Connect iCloud or another CalDAV calendar',
  'calendars.caldavUrl': 'Server or calendar address',
  'calendars.caldavUrlHint':
    'For iCloud: https://caldav.icloud.com. Other servers: the address of the account or of one calendar.',
  'calendars.username': 'Username',
  'calendars.password': 'Password',
  'calendars.passwordHint':
    'For iCloud, create an app-specific password at appleid.apple.com (Sign-In and Security → App-Specific Passwords); your Apple ID password will not work.',
  'calendars.icsTitle': 'Add a calendar by its link',
  'calendars.icsUrl': 'Calendar address (ICS)',
  'calendars.icsUrlHint':
    'The secret iCal / .ics address from Google, Outlook or Apple. Read every 15 minutes; bookings are not written back.',
  'calendars.connect': 'Connect',
  'calendars.connectedWithError': 'Saved, but the first sync failed: {error}',
  'calendars.feedTitle': 'Subscribe to bookings',
  'calendars.feedLead':
    "A private address of this person's bookings. Add it to Google, Apple or Outlook as a subscribed calendar. Anyone with the address can see the bookings.",
  'calendars.feedUrl': 'Calendar feed address',
  'calendars.copy': 'Copy link',
  'calendars.copied': 'Link copied.',
  'calendars.rotate': 'Reset link',
  'calendars.rotateConfirm':
    'Reset the feed address? Calendars subscribed to the old one stop updating until they subscribe to the new one.',
  'calendars.rotated': 'New address made. The old one no longer works.',
  'calendars.busyLegend': 'Busy in a connected calendar',
};
