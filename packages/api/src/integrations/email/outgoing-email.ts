/**
 * What every e-mail provider is handed and answers. Apart from the provider choice
 * (email-provider.ts) so that the providers and the chooser do not import each other.
 */
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
  /**
   * The development (`log`) providers' console line, written by the caller: a delivery
   * run writes all of its lines with one `console.log`. Under `wrangler dev` every
   * console call crosses to wrangler, ~1.5–2 ms of the isolate's CPU each; one per e-mail
   * was a quarter of a booking's isolate time in the booking bench (issue 21).
   */
  logLine?: string;
}

/** An HTTP email API. Throws DeliveryError on failure. */
export interface EmailProvider {
  readonly name: string;
  send(email: OutgoingEmail, now: Date): Promise<SentMessage>;
}
