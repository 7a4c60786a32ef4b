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
  reason: string | null;
}

export interface WebhookFacts {
  url: string;
  /** Already in words. */
  reason: string;
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
    manage: string;
    endpoint: string;
  };
  disabledReasons: { gone: string; failing: string; refused: string };
}

/** Keys of messages a tenant may override (`booking_page_settings.notification_templates`). */
export type CopyKey = Exclude<
  keyof NotificationCopy,
  'labels' | 'disabledReasons' | 'labelSeparator'
>;
