import { DateTime } from 'luxon';
import type { Copy, CopyKey, MessageFacts, NotificationCopy, WebhookFacts } from './copy.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

export type Locale = 'en' | 'es' | 'fr';
export const COPY: Record<Locale, NotificationCopy> = { en, es, fr };

/** The widget's locales; anything else (a stored `en-GB`, a null) reads as English. */
export function localeOf(value: string | null | undefined): Locale {
  const base = (value ?? '').slice(0, 2).toLowerCase();
  return base === 'es' || base === 'fr' ? base : 'en';
}

/**
 * An instant as a reader of `locale` in `zone` says it, with the zone's abbreviation so
 * that the text is unambiguous on its own: "Sunday, November 7, 2027 at 10:00 AM EST".
 */
export function formatInstant(instant: Date, zone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(instant);
}

/** Whether a clock in `other` shows another time than one in `zone` at `instant`. */
export function zonesDiffer(instant: Date, zone: string, other: string | null): boolean {
  if (!other || other === zone) return false;
  const at = DateTime.fromJSDate(instant);
  const a = at.setZone(zone);
  const b = at.setZone(other);
  return a.isValid && b.isValid && a.offset !== b.offset;
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
}

/** The text of a booking message: opening line, the details block, link, closing. */
export function renderBookingMessage(
  key: CopyKey,
  channel: 'email' | 'sms',
  facts: MessageFacts,
  locale: Locale,
  overrides: CopyOverrides = {},
): RenderedMessage {
  const copy = COPY[locale][key] as Copy;
  const own = overrides[key] ?? {};
  const part = (name: 'subject' | 'intro' | 'outro' | 'sms'): string | null => {
    const custom = own[name];
    if (custom) return fill(custom, facts);
    return copy[name]?.(facts) ?? null;
  };
  if (channel === 'sms') {
    return { subject: null, text: part('sms') ?? (part('subject') as string) };
  }
  const { labels, labelSeparator: sep } = COPY[locale];
  const business = key.startsWith('business') || key === 'approvalRequest';
  const details: Array<[string, string | null]> = [
    [labels.customer, business ? `${facts.customerName} <${facts.customerEmail}>` : null],
    [labels.service, facts.serviceName],
    [labels.staff, facts.staffName],
    [labels.when, facts.when],
    [labels.yourTime, facts.customerWhen],
    [labels.previously, facts.previousWhen],
    [labels.where, facts.location],
    [labels.code, facts.confirmationCode],
    [labels.reason, facts.reason],
  ];
  const lines = [part('intro') ?? '', ''];
  for (const [label, value] of details) if (value) lines.push(`${label}${sep}${value}`);
  if (facts.manageUrl && !business) lines.push('', `${labels.manage}${sep}${facts.manageUrl}`);
  const outro = part('outro');
  if (outro) lines.push('', outro);
  lines.push('', `— ${facts.businessName}`);
  return { subject: part('subject'), text: lines.join('\n') };
}

export function renderWebhookDisabled(facts: WebhookFacts, locale: Locale): RenderedMessage {
  const copy = COPY[locale].webhookDisabled;
  const lines = [
    copy.intro(facts),
    '',
    `${COPY[locale].labels.endpoint}${COPY[locale].labelSeparator}${facts.url}`,
  ];
  const outro = copy.outro?.(facts);
  if (outro) lines.push('', outro);
  return { subject: copy.subject(facts), text: lines.join('\n') };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * The HTML part of an email, made from its text so the two never disagree: paragraphs,
 * links made clickable, under a bar in the business's colour.
 */
export function messageHtml(text: string, brand: { name: string; color: string }): string {
  const color = /^#[0-9a-fA-F]{6}$/.test(brand.color) ? brand.color : '#4F46E5';
  const paragraphs = text
    .split(/\n{2,}/)
    .map((block) =>
      escapeHtml(block)
        .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
        .replaceAll('\n', '<br>'),
    )
    .map((block) => `<p style="margin:0 0 16px">${block}</p>`)
    .join('\n');
  return `<!doctype html><html><body style="margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2937">
<div style="background:${color};color:#fff;padding:16px 24px;font-weight:600">${escapeHtml(brand.name)}</div>
<div style="padding:24px;max-width:560px">
${paragraphs}
</div></body></html>`;
}
