/** What the notification sender hands an e-mail provider, and what it gets back. */

export interface EmailAttachment {
  filename: string;
  /** Text content; providers encode it. */
  content: string;
  contentType: string;
}

export interface OutgoingEmail {
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
  /** The outbox row id: providers that support it drop a second send of the same key. */
  idempotencyKey: string;
}

export interface SentMessage {
  provider: string;
  messageId: string | null;
}

/** An HTTP email API. Throws DeliveryError on failure. */
export interface EmailProvider {
  readonly name: string;
  send(email: OutgoingEmail, now: Date): Promise<SentMessage>;
}
