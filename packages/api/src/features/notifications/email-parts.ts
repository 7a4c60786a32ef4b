import { decryptField, ENCRYPTED } from '../../db/field-encryption.ts';
import type { BookingNotification } from '../../db/schema/index.ts';
import type { NotificationPayload } from './outbox.ts';
import { emailText, unsealContent } from './templates/email-content.ts';
import { type EmailBrand, emailHtml, plainTextHtml } from './templates/email-layout.ts';

/**
 * The text and HTML parts of an outbox e-mail, as sent (and as `/dev/outbox` shows
 * them). The customer's phone in a business's message is sealed in the outbox and
 * opened only here. Rows queued before e-mails had structured content use their text.
 */
export async function emailParts(
  env: Pick<Env, 'ENCRYPTION_KEY'>,
  row: Pick<BookingNotification, 'message' | 'locale' | 'payload'>,
  fallbackName: string,
): Promise<{ text: string; html: string; brand: EmailBrand }> {
  const payload = row.payload as unknown as NotificationPayload;
  const brand: EmailBrand = {
    name: payload.brand?.name ?? fallbackName,
    color: payload.brand?.color ?? '',
    logoUrl: payload.brand?.logo_url ?? null,
  };
  const locale = row.locale ?? 'en';
  if (!payload.email) {
    const text = row.message ?? '';
    return { text, html: plainTextHtml(text, brand, locale), brand };
  }
  const content = await unsealContent(payload.email, (sealed) =>
    decryptField(env.ENCRYPTION_KEY, ENCRYPTED.notificationPhone, sealed),
  );
  return { text: emailText(content), html: emailHtml(content, brand, locale), brand };
}
