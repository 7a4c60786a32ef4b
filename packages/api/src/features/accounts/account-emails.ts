import type { Database } from '../../db/client.ts';
import { bookingNotifications } from '../../db/schema/index.ts';
import type { NotificationPayload } from '../notifications/outbox.ts';
import {
  type AccountFacts,
  type AccountMessage,
  renderAccountMessage,
} from '../notifications/templates/account.ts';
import { localeOf } from '../notifications/templates/render.ts';

type Executor = Pick<Database, 'insert'>;

export interface AccountEmail {
  message: AccountMessage;
  /** The outbox is per business: the one the message is about, or the person's first. */
  tenant: { id: string; business_name: string; primary_color: string; locale: string };
  to: string;
  facts: Omit<AccountFacts, 'businessName'>;
  /** Names the message so it is queued once (the token row it carries). */
  key: string;
  now: Date;
}

/**
 * Queues an account message in the notifications outbox, so it is sent, retried and
 * shown at /dev/outbox like every other message.
 */
export async function queueAccountEmail(db: Executor, email: AccountEmail): Promise<void> {
  const locale = localeOf(email.tenant.locale);
  const rendered = renderAccountMessage(
    email.message,
    { ...email.facts, businessName: email.tenant.business_name },
    locale,
  );
  const payload: NotificationPayload = {
    audience: 'business',
    event: `account.${email.message}`,
    brand: { name: 'BookSprintz', color: email.tenant.primary_color },
    reply_to: null,
    appointment_start: null,
  };
  await db.insert(bookingNotifications).values({
    tenant_id: email.tenant.id,
    appointment_id: null,
    idempotency_key: `account:${email.key}`,
    type: 'account',
    channel: 'email',
    recipient_email: email.to,
    locale,
    payload: payload as unknown as Record<string, unknown>,
    subject: rendered.subject,
    message: rendered.text,
    scheduled_for: email.now,
    next_attempt_at: email.now,
  });
}
