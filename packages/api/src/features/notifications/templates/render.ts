import type {
  CalendarRevokedFacts,
  Copy,
  CopyKey,
  MessageFacts,
  NotificationCopy,
  WebhookFacts,
} from './copy.ts';
import { type EmailContent, emailText } from './email-content.ts';
import { plainTextHtml } from './email-layout.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { type Locale, localeOf } from './format.ts';
import { fr } from './fr.ts';

export { escapeHtml } from './email-layout.ts';
export { formatInstant, type Locale, localeOf, zonesDiffer } from './format.ts';

export const COPY: Record<Locale, NotificationCopy> = { en, es, fr };

/** Copy for a stored locale (`en-GB`, `fr`, null…). */
export function copyFor(locale: string | null | undefined): NotificationCopy {
  return COPY[localeOf(locale)];
}

/** A tenant's own wording for one message, with `{{placeholders}}` (see `facts`). */
export type CopyOverride = Partial<Record<'subject' | 'intro' | 'outro' | 'sms', string>>;
export type CopyOverrides = Partial<Record<CopyKey, CopyOverride>>;

/**
 * The tenant's overrides for a locale, read from
 * `booking_page_settings.notification_templates.<locale>.<message>`; anything malformed
 * is ignored rather than breaking a message.
 */
export function overridesFrom(settings: Record<string, unknown>, locale: Locale): CopyOverrides {
  const all = settings.notification_templates;
  if (!all || typeof all !== 'object') return {};
  const forLocale = (all as Record<string, unknown>)[locale];
  if (!forLocale || typeof forLocale !== 'object') return {};
  const result: CopyOverrides = {};
  for (const [key, value] of Object.entries(forLocale as Record<string, unknown>)) {
    const known = (en as unknown as Record<string, unknown>)[key];
    // Only message copies (with a subject) can be overridden, not labels.
    if (!known || typeof known !== 'object' || !('subject' in known)) continue;
    if (!value || typeof value !== 'object') continue;
    const override: CopyOverride = {};
    for (const part of ['subject', 'intro', 'outro', 'sms'] as const) {
      const text = (value as Record<string, unknown>)[part];
      if (typeof text === 'string' && text.trim() !== '') override[part] = text.slice(0, 2000);
    }
    result[key as CopyKey] = override;
  }
  return result;
}

/**
 * Text for one line (a subject, a name): controls, line breaks and the Unicode bidi
 * controls go. A customer named "Ana\r\nBcc: …" or "\u202Egnp.exe" must not add a header
 * or reverse the subject the business reads.
 */
export function oneLine(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\s{2,}/g, ' ')
      .trim()
  );
}

function fill(template: string, facts: MessageFacts): string {
  const values: Record<string, string | null> = {
    business_name: facts.businessName,
    customer_name: facts.customerName,
    service_name: facts.serviceName,
    staff_name: facts.staffName,
    when: facts.when,
    location: facts.location,
    confirmation_code: facts.confirmationCode,
    manage_url: facts.manageUrl,
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) =>
    name in values ? (values[name] ?? '') : match,
  );
}

export interface RenderedMessage {
  /** Null for SMS. */
  subject: string | null;
  text: string;
  /** E-mails: what the HTML layout (`emailHtml`) and the text part are made from. */
  content?: EmailContent;
}

/** Messages after which the customer has an appointment to put in a calendar. */
const WITH_CALENDAR: ReadonlySet<CopyKey> = new Set([
  'confirmation',
  'confirmationRequested',
  'reminder',
  'rescheduled',
]);

/**
 * One booking message: for e-mail, its subject and its content (opening line, the
 * details, the links, closing) with the text part made from that content; for SMS, a
 * short text. `sealedPhone` (business messages) is the customer's phone, encrypted: the
 * sender opens it, so the outbox never holds it in clear.
 */
export function renderBookingMessage(
  key: CopyKey,
  channel: 'email' | 'sms',
  input: MessageFacts,
  locale: Locale,
  overrides: CopyOverrides = {},
  sealedPhone: string | null = null,
): RenderedMessage {
  const facts: MessageFacts = { ...input, customerName: oneLine(input.customerName) };
  const copy = COPY[locale][key] as Copy;
  const own = overrides[key] ?? {};
  const part = (name: 'subject' | 'intro' | 'outro' | 'sms'): string | null => {
    const custom = own[name];
    if (custom) return fill(custom, facts);
    return copy[name]?.(facts) ?? null;
  };
  if (channel === 'sms') {
    return { subject: null, text: oneLine(part('sms') ?? (part('subject') as string)) };
  }
  const { labels } = COPY[locale];
  const business = key.startsWith('business') || key === 'approvalRequest';
  const details: EmailContent['details'] = [];
  const add = (label: string, value: string | null) => {
    if (value) details.push({ label, value });
  };
  if (business) {
    add(labels.customer, `${facts.customerName} <${facts.customerEmail}>`);
    if (sealedPhone) details.push({ label: labels.phone, value: sealedPhone, sealed: true });
  }
  add(labels.service, facts.serviceName);
  add(labels.staff, facts.staffName);
  add(labels.when, facts.when);
  add(labels.yourTime, facts.customerWhen);
  add(labels.previously, facts.previousWhen);
  add(labels.where, facts.location);
  add(labels.code, facts.confirmationCode);
  add(labels.reason, facts.reason);
  if (business) add(labels.notes, facts.notes);

  const actions: EmailContent['actions'] = [];
  if (!business && facts.manageUrl) {
    actions.push({ label: labels.manage, url: facts.manageUrl, primary: true });
  }
  const calendar = !business && WITH_CALENDAR.has(key) ? facts.calendarLinks : null;
  const content: EmailContent = {
    intro: part('intro') ?? '',
    details,
    actions,
    calendar: calendar
      ? {
          label: labels.addToCalendar,
          links: [
            { label: labels.googleCalendar, url: calendar.google },
            { label: labels.outlookCalendar, url: calendar.outlook },
            { label: labels.icsCalendar, url: calendar.ics },
          ],
        }
      : null,
    outro: part('outro'),
    signature: facts.businessName,
    labelSeparator: COPY[locale].labelSeparator,
  };
  return { subject: oneLine(part('subject') ?? ''), text: emailText(content), content };
}

export function renderWebhookDisabled(facts: WebhookFacts, locale: Locale): RenderedMessage {
  const copy = COPY[locale].webhookDisabled;
  const content: EmailContent = {
    intro: copy.intro(facts),
    details: [{ label: COPY[locale].labels.endpoint, value: facts.url }],
    actions: [],
    calendar: null,
    outro: copy.outro?.(facts) ?? null,
    signature: null,
    labelSeparator: COPY[locale].labelSeparator,
  };
  return { subject: oneLine(copy.subject(facts)), text: emailText(content), content };
}

/** The business's notice that a calendar connection was revoked, in its language. */
export function renderCalendarRevoked(
  facts: CalendarRevokedFacts,
  locale: Locale,
): RenderedMessage {
  const copy = COPY[locale].calendarRevoked;
  const content: EmailContent = {
    intro: copy.intro(facts),
    details: [],
    actions: [],
    calendar: null,
    outro: copy.outro?.(facts) ?? null,
    signature: null,
    labelSeparator: COPY[locale].labelSeparator,
  };
  return { subject: oneLine(copy.subject(facts)), text: emailText(content), content };
}

/**
 * The HTML part for a message that has only text (e-mails written outside the booking
 * templates), in the same layout as the booking e-mails.
 */
export function messageHtml(text: string, brand: { name: string; color: string }): string {
  return plainTextHtml(text, brand, 'en');
}
