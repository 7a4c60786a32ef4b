/** The facts a message states, already formatted for its reader's locale and zone. */
export interface MessageFacts {
  businessName: string;
  customerName: string;
  customerEmail: string;
  serviceName: string;
  staffName: string | null;
  /** The start in the business's zone, with the zone's abbreviation. */
  when: string;
  /** The same instant in the customer's zone, when that reads differently. */
  customerWhen: string | null;
  previousWhen: string | null;
  location: string | null;
  confirmationCode: string;
  manageUrl: string | null;
  /** Add-to-calendar links; null when there is no public base URL or nothing to add. */
  calendarLinks: CalendarLinks | null;
  reason: string | null;
  /** What the customer wrote when booking: for the business's eyes. */
  notes: string | null;
}

/** Where a customer adds the appointment to a calendar. */
export interface CalendarLinks {
  google: string;
  outlook: string;
  /** The .ics download: Apple Calendar and every other client. */
  ics: string;
}

export interface WebhookFacts {
  url: string;
  /** Already in words. */
  reason: string;
}

export interface CalendarRevokedFacts {
  /** The provider's product name: "Google Calendar", "Outlook". */
  provider: string;
  staffName: string;
}

/** One kind of message: a subject, an opening line, and optionally a short SMS text. */
export interface Copy<F = MessageFacts> {
  subject(facts: F): string;
  intro(facts: F): string;
  outro?(facts: F): string;
  sms?(facts: F): string;
}

/**
 * Every text of every message in one locale. One file per locale implements it, so a
 * missing translation is a type error, not an English sentence in a Spanish email.
 */
export interface NotificationCopy {
  confirmation: Copy;
  confirmationRequested: Copy;
  reminder: Copy;
  rescheduled: Copy;
  cancellation: Copy;
  followUp: Copy;
  businessConfirmation: Copy;
  approvalRequest: Copy;
  businessRescheduled: Copy;
  businessCancellation: Copy;
  webhookDisabled: Copy<WebhookFacts>;
  calendarRevoked: Copy<CalendarRevokedFacts>;
  /** Between a label and its value: French sets a space before the colon. */
  labelSeparator: string;
  labels: {
    service: string;
    staff: string;
    when: string;
    yourTime: string;
    previously: string;
    where: string;
    code: string;
    reason: string;
    customer: string;
    phone: string;
    notes: string;
    manage: string;
    endpoint: string;
    addToCalendar: string;
    googleCalendar: string;
    outlookCalendar: string;
    icsCalendar: string;
  };
  /** The customer's manage page (`/manage/:tenant/:id`). */
  managePage: ManagePageCopy;
  disabledReasons: { gone: string; failing: string; refused: string };
}

/** Keys of messages a tenant may override (`booking_page_settings.notification_templates`). */
export type CopyKey = Exclude<
  keyof NotificationCopy,
  'labels' | 'disabledReasons' | 'labelSeparator' | 'managePage'
>;

/** The manage page's words; its labels shared with the e-mails come from `labels`. */
export interface ManagePageCopy {
  title(business: string): string;
  heading(service: string | null): string;
  status: string;
  statuses: Record<'pending' | 'confirmed' | 'cancelled' | 'completed' | 'no_show', string>;
  timesShownIn(zone: string): string;
  businessTime(time: string): string;
  /** "Change time" section: a day (and who), then that day's free times. */
  move: string;
  day: string;
  staffChoice: string;
  sameStaff(name: string): string;
  anyStaff: string;
  showTimes: string;
  timesOn(date: string): string;
  noTimes: string;
  /** The confirmation step before a move or a cancellation. */
  confirmMove: string;
  moveFromTo(from: string, to: string): string;
  confirmMoveButton: string;
  cancelSection: string;
  cancelHint: string;
  cancelButton: string;
  confirmCancel: string;
  confirmCancelHint(when: string): string;
  confirmCancelButton: string;
  reason: string;
  keep: string;
  back: string;
  cancelled: string;
  rescheduled: string;
  taken: string;
  closed: string;
}
