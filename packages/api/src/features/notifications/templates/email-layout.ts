import { hexColor } from '@booksprintz/shared';
import type { EmailContent } from './email-content.ts';

/**
 * The HTML part of every e-mail: one hand-written table layout with inline styles.
 *
 * Why not an e-mail framework: MJML (`mjml-browser`, ~1 MB) or React Email (React plus
 * a renderer) would multiply the Worker's size for one fixed layout; what they buy —
 * tables instead of flex/grid, inline styles, bulletproof buttons, a 600 px column —
 * fits in this file. The rules followed are theirs: `role="presentation"` tables, every
 * style inline (Gmail drops `<style>` in many cases), `bgcolor` beside `background` for
 * Outlook's Word engine, a hidden preheader, `color-scheme` metadata and a dark-mode
 * `<style>` for clients that honour it (Apple Mail, Outlook.com) with colours that stay
 * readable when others (Gmail apps) invert them. Everything a customer or business
 * typed is escaped; only http(s) URLs become links.
 */

export interface EmailBrand {
  name: string;
  /** `#RRGGBB`; anything else falls back to the default indigo. */
  color: string;
  logoUrl?: string | null;
}

const DEFAULT_COLOR = '#4F46E5';

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

/** The brand colour when it is a valid `#RRGGBB`, else the default. */
export function brandColor(color: string | null | undefined): string {
  return hexColor.safeParse(color).data ?? DEFAULT_COLOR;
}

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function textOn(hex: string): '#ffffff' | '#111827' {
  const channel = (at: number) => {
    const value = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast with white (1.05 / (L + 0.05)) beats contrast with near-black below ~0.18.
  return luminance > 0.18 ? '#111827' : '#ffffff';
}

/** A URL safe to put in `href`/`src`: http(s) only, escaped; null otherwise. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? escapeHtml(url) : null;
  } catch {
    return null;
  }
}

const FONT =
  "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/** Text with line breaks kept. */
const paragraph = (text: string) => escapeHtml(text).replaceAll('\n', '<br>');

/** Our own text with its URLs made clickable (never text people typed: no fake links). */
const linkified = (text: string, color: string) =>
  paragraph(text).replace(
    /https?:\/\/[^\s<]+/g,
    (url) => `<a href="${url}" style="color:${color};text-decoration:underline">${url}</a>`,
  );

function button(label: string, url: string, color: string, primary: boolean): string {
  const href = safeUrl(url);
  if (!href) return '';
  const fill = primary ? color : '#ffffff';
  const ink = primary ? textOn(color) : color;
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 8px 8px 0;display:inline-table"><tr>
<td bgcolor="${fill}" style="background:${fill};border:2px solid ${color};border-radius:8px">
<a href="${href}" class="bs-button" style="display:inline-block;padding:11px 20px;${FONT};font-size:15px;font-weight:600;line-height:20px;color:${ink};text-decoration:none;border-radius:8px">${escapeHtml(label)}</a>
</td></tr></table>`;
}

/**
 * The whole HTML document for `content`, in the business's colours.
 *
 * @example
 * emailHtml(rendered.content, { name: 'Salon Lumière', color: '#0F766E' }, 'fr')
 */
export function emailHtml(
  content: EmailContent,
  brand: EmailBrand,
  locale: string,
  options: { linkify?: boolean } = {},
): string {
  const color = brandColor(brand.color);
  const ink = textOn(color);
  const logo = safeUrl(brand.logoUrl);
  const sep = escapeHtml(content.labelSeparator);
  const header = logo
    ? `<img src="${logo}" alt="${escapeHtml(brand.name)}" height="40" style="display:block;height:40px;max-width:240px;border:0;outline:none">`
    : `<span style="${FONT};font-size:20px;font-weight:700;line-height:28px;color:${ink}">${escapeHtml(brand.name)}</span>`;
  const details = content.details
    .filter((detail) => !detail.sealed)
    .map(
      ({ label, value }) => `<tr>
<td valign="top" class="bs-muted" style="padding:6px 16px 6px 0;${FONT};font-size:14px;line-height:20px;color:#4b5563;white-space:nowrap">${escapeHtml(label)}</td>
<td valign="top" style="padding:6px 0;${FONT};font-size:15px;line-height:20px;color:#111827;font-weight:600" class="bs-text">${paragraph(value)}</td>
</tr>`,
    )
    .join('\n');
  const actions = content.actions
    .map((action) => button(action.label, action.url, color, action.primary ?? false))
    .join('');
  const calendar = content.calendar
    ? `<p class="bs-muted" style="margin:16px 0 0;${FONT};font-size:14px;line-height:22px;color:#4b5563">${escapeHtml(content.calendar.label)}${sep}${content.calendar.links
        .map((link) => {
          const href = safeUrl(link.url);
          return href
            ? `<a href="${href}" class="bs-link" style="color:${color};font-weight:600;text-decoration:underline">${escapeHtml(link.label)}</a>`
            : '';
        })
        .filter(Boolean)
        .join(' &middot; ')}</p>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(brand.name)}</title>
<style>
  @media (prefers-color-scheme: dark) {
    .bs-page { background: #111827 !important; }
    .bs-card { background: #1f2937 !important; border-color: #374151 !important; }
    .bs-text { color: #f9fafb !important; }
    .bs-muted { color: #d1d5db !important; }
    .bs-link { color: #f9fafb !important; }
  }
  @media (max-width: 620px) {
    .bs-pad { padding-left: 20px !important; padding-right: 20px !important; }
  }
</style>
</head>
<body class="bs-page" style="margin:0;padding:0;background:#f3f4f6" bgcolor="#f3f4f6">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:transparent">${escapeHtml(content.intro)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="bs-page" bgcolor="#f3f4f6" style="background:#f3f4f6">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="bs-card" bgcolor="#ffffff" style="max-width:600px;background:#ffffff;border:1px solid #e5e7eb;border-radius:12px;overflow:hidden">
<tr><td class="bs-pad" bgcolor="${color}" style="background:${color};padding:20px 32px">${header}</td></tr>
<tr><td class="bs-pad bs-text" style="padding:28px 32px 8px;${FONT};font-size:16px;line-height:24px;color:#111827">
<p style="margin:0 0 20px">${options.linkify ? linkified(content.intro, color) : paragraph(content.intro)}</p>
${details ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;border-collapse:collapse">\n${details}\n</table>` : ''}
${actions ? `<div style="margin:0 0 8px">${actions}</div>` : ''}
${calendar}
${content.outro ? `<p style="margin:20px 0 0">${paragraph(content.outro)}</p>` : ''}
</td></tr>
<tr><td class="bs-pad" style="padding:20px 32px 28px">
${content.signature ? `<p class="bs-muted" style="margin:0;${FONT};font-size:14px;line-height:20px;color:#4b5563">— ${escapeHtml(content.signature)}</p>` : ''}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

/** The HTML for a message stored before its content was (old outbox rows): its text. */
export function plainTextHtml(text: string, brand: EmailBrand, locale: string): string {
  return emailHtml(
    {
      intro: text,
      details: [],
      actions: [],
      calendar: null,
      outro: null,
      signature: null,
      labelSeparator: ': ',
    },
    brand,
    locale,
    { linkify: true },
  );
}
