import type { NotificationCopy } from './copy.ts';

export const en: NotificationCopy = {
  confirmation: {
    subject: (f) => `Confirmed: ${f.serviceName} at ${f.businessName}`,
    intro: (f) => `Hi ${f.customerName}, your booking is confirmed.`,
    outro: () => 'The attached invitation adds it to your calendar.',
    sms: (f) =>
      `${f.businessName}: your ${f.serviceName} on ${f.when} is confirmed. Code ${f.confirmationCode}.`,
  },
  confirmationRequested: {
    subject: (f) => `Request received: ${f.serviceName} at ${f.businessName}`,
    intro: (f) =>
      `Hi ${f.customerName}, we have your booking request. ${f.businessName} will confirm it shortly.`,
  },
  reminder: {
    subject: (f) => `Reminder: ${f.serviceName} at ${f.businessName}`,
    intro: (f) => `Hi ${f.customerName}, this is a reminder of your upcoming appointment.`,
    sms: (f) => `${f.businessName}: reminder of your ${f.serviceName} on ${f.when}.`,
  },
  rescheduled: {
    subject: (f) => `Rescheduled: ${f.serviceName} at ${f.businessName}`,
    intro: (f) => `Hi ${f.customerName}, your appointment has moved to a new time.`,
    outro: () => 'The attached invitation updates your calendar.',
    sms: (f) => `${f.businessName}: your ${f.serviceName} has moved to ${f.when}.`,
  },
  cancellation: {
    subject: (f) => `Cancelled: ${f.serviceName} at ${f.businessName}`,
    intro: (f) => `Hi ${f.customerName}, your appointment has been cancelled.`,
    outro: () => 'The attached update removes it from your calendar.',
    sms: (f) => `${f.businessName}: your ${f.serviceName} on ${f.when} is cancelled.`,
  },
  followUp: {
    subject: (f) => `Thank you for visiting ${f.businessName}`,
    intro: (f) => `Hi ${f.customerName}, thank you for your visit. We hope to see you again soon.`,
  },
  businessConfirmation: {
    subject: (f) => `New booking: ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `${f.customerName} (${f.customerEmail}) booked ${f.serviceName}.`,
  },
  approvalRequest: {
    subject: (f) => `Approval needed: ${f.customerName}, ${f.serviceName}`,
    intro: (f) =>
      `${f.customerName} (${f.customerEmail}) asked to book ${f.serviceName}. The request is waiting for your approval.`,
  },
  businessRescheduled: {
    subject: (f) => `Rescheduled: ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `${f.customerName}'s appointment has moved to a new time.`,
  },
  businessCancellation: {
    subject: (f) => `Cancelled: ${f.customerName}, ${f.serviceName}`,
    intro: (f) => `${f.customerName}'s appointment has been cancelled.`,
  },
  webhookDisabled: {
    subject: () => 'A webhook endpoint was disabled',
    intro: (f) => `We stopped sending booking events to ${f.url}: ${f.reason}.`,
    outro: () => 'Fix the endpoint, then enable it again in your webhook settings.',
  },
  calendarRevoked: {
    subject: (f) => `${f.provider} disconnected for ${f.staffName}`,
    intro: (f) =>
      `${f.provider} no longer lets BookSprintz read ${f.staffName}'s calendar: the access was revoked or expired.`,
    outro: () =>
      'Until it is connected again, events in that calendar do not block booking times and new bookings are not written to it. Existing bookings are unchanged. Reconnect it under Settings → Calendars.',
  },
  labelSeparator: ': ',
  labels: {
    service: 'Service',
    staff: 'With',
    when: 'When',
    yourTime: 'Your time',
    previously: 'Previously',
    where: 'Where',
    code: 'Confirmation code',
    reason: 'Reason',
    customer: 'Customer',
    phone: 'Phone',
    notes: 'Notes',
    manage: 'View, reschedule or cancel',
    endpoint: 'Endpoint',
    addToCalendar: 'Add to calendar',
    googleCalendar: 'Google Calendar',
    outlookCalendar: 'Outlook',
    icsCalendar: 'Apple Calendar and others (.ics)',
  },
  managePage: {
    title: (business) => `Your appointment — ${business}`,
    heading: (service) => service ?? 'Your appointment',
    status: 'Status',
    statuses: {
      pending: 'Awaiting confirmation',
      confirmed: 'Confirmed',
      cancelled: 'Cancelled',
      completed: 'Completed',
      no_show: 'Missed',
    },
    timesShownIn: (zone) => `Times shown in ${zone}`,
    businessTime: (time) => `At the business: ${time}`,
    move: 'Change time',
    day: 'Day',
    staffChoice: 'With',
    sameStaff: (name) => `${name} (as booked)`,
    anyStaff: 'Anyone available',
    showTimes: 'Show free times',
    timesOn: (date) => `Free times on ${date}`,
    noTimes: 'No free times that day. Try another day.',
    confirmMove: 'Move your appointment?',
    moveFromTo: (from, to) => `From ${from} to ${to}.`,
    confirmMoveButton: 'Yes, move it',
    cancelSection: 'Cancel',
    cancelHint: 'Can’t make it? Cancel so someone else can take the time.',
    cancelButton: 'Cancel appointment…',
    confirmCancel: 'Cancel your appointment?',
    confirmCancelHint: (when) =>
      `Your appointment on ${when} will be cancelled. This cannot be undone.`,
    confirmCancelButton: 'Yes, cancel it',
    reason: 'Reason (optional)',
    keep: 'Keep my appointment',
    back: 'Back',
    cancelled: 'Your appointment is cancelled. We have let the business know.',
    rescheduled: 'Your appointment has been moved. We have let the business know.',
    taken: 'Sorry, that time has just been taken. Choose another.',
    closed:
      'This appointment can no longer be changed here. Contact the business if you need help.',
  },
  disabledReasons: {
    gone: 'it answered 410 Gone',
    failing: 'every attempt to deliver an event failed for more than a day',
    refused: 'its address is not allowed',
  },
};
