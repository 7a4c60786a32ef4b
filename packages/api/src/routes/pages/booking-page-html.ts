import type { Location, Service } from '@booksprintz/shared';
import { html, raw } from 'hono/html';
import type { BookingTenant } from '../../db/schema/index.ts';

/**
 * The hosted booking page's markup (DESIGN §12): the business's name, logo, colour,
 * address and services beside the widget, like a Calendly link but with the widget
 * inline. Everything from the database goes through `html` (escaped); the one value put
 * into CSS, the colour, is re-checked as #rrggbb first.
 */
export interface BookingPageFacts {
  tenant: BookingTenant;
  services: Service[];
  location: Location | undefined;
  /** Absolute URL of this page (canonical and og:url). */
  url: string;
}

const FALLBACK_COLOR = '#4F46E5';

function safeColor(value: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(value) ? value : FALLBACK_COLOR;
}

/** Black or white, whichever reads better on the brand colour (WCAG relative luminance). */
function inkOn(hex: string): string {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.179 ? '#111827' : '#ffffff';
}

function price(service: Service, locale: string): string {
  if (service.price_cents === 0) return '';
  return new Intl.NumberFormat(locale, { style: 'currency', currency: service.currency }).format(
    service.price_cents / 100,
  );
}

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

function address(location: Location | undefined): string | null {
  if (!location) return null;
  const parts = [
    location.address_line1,
    location.address_line2,
    [location.postal_code, location.city].filter(Boolean).join(' '),
    location.state,
  ].filter((part): part is string => Boolean(part?.trim()));
  return parts.length > 0 ? parts.join(', ') : null;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

const STYLES = `
  *{box-sizing:border-box}
  body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f3f4f6}
  a{color:#374151}
  .band{height:168px;background:var(--brand)}
  main{max-width:1060px;margin:-120px auto 40px;padding:0 16px}
  .layout{display:grid;grid-template-columns:300px minmax(0,1fr);gap:16px;align-items:start}
  aside,book-sprintz{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.06)}
  aside{padding:28px}
  .logo{width:64px;height:64px;border-radius:12px;object-fit:cover;display:block;margin-bottom:16px}
  .monogram{width:64px;height:64px;border-radius:12px;background:var(--brand);color:var(--ink-on-brand);display:grid;place-items:center;font-weight:700;font-size:24px;margin-bottom:16px}
  h1{font-size:24px;line-height:1.25;margin:0 0 10px;overflow-wrap:anywhere}
  .meta{color:#4b5563;font-size:14px;margin:0 0 6px;display:flex;gap:8px;align-items:flex-start}
  .meta svg{flex:none;margin-top:3px}
  h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:#6b7280;margin:24px 0 8px}
  ul{list-style:none;margin:0;padding:0}
  li{padding:10px 0;border-top:1px solid #f3f4f6}
  li:first-child{border-top:0}
  .service{font-weight:600}
  .detail{color:#6b7280;font-size:14px}
  book-sprintz{display:block;--bs-radius:12px}
  book-sprintz:not(:defined){min-height:34em}
  /* The page already names the business; the widget's own header would repeat it. */
  book-sprintz::part(header){display:none}
  /* The server-rendered list is for readers without scripts (and crawlers); once the
     widget runs it lists the same services, so the page does not say everything twice. */
  body:has(book-sprintz:defined) .services{display:none}
  footer{text-align:center;color:#6b7280;font-size:13px;margin:20px 0 0}
  @media (max-width:800px){
    .band{height:96px}
    main{margin-top:-64px;padding:0 10px}
    .layout{grid-template-columns:1fr;gap:10px}
    aside{padding:20px}
  }
`;

const PIN = raw(
  '<svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z"/></svg>',
);
const PHONE = raw(
  '<svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>',
);

export function bookingPageHtml(facts: BookingPageFacts) {
  const { tenant, services, location, url } = facts;
  const color = safeColor(tenant.primary_color);
  const where = address(location);
  const description =
    services.length > 0
      ? `Book ${services
          .slice(0, 3)
          .map((s) => s.name)
          .join(
            ', ',
          )}${services.length > 3 ? ' and more' : ''} with ${tenant.business_name} online.`
      : `Book an appointment with ${tenant.business_name} online.`;
  const title = `Book with ${tenant.business_name}`;
  const phone = location?.phone ?? tenant.phone;
  return html`<!doctype html>
<html lang="${tenant.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
<link rel="canonical" href="${url}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${tenant.business_name}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
${tenant.logo_url ? html`<meta property="og:image" content="${tenant.logo_url}">` : ''}
<meta name="twitter:card" content="summary">
<meta name="theme-color" content="${color}">
<link rel="icon" href="data:,">
<script type="module" src="/widget/v1/book-sprintz.js"></script>
<style>:root{--brand:${color};--ink-on-brand:${inkOn(color)}}${raw(STYLES)}</style>
</head>
<body>
<div class="band"></div>
<main>
<div class="layout">
<aside>
${
  tenant.logo_url
    ? html`<img class="logo" src="${tenant.logo_url}" alt="${tenant.business_name} logo">`
    : html`<div class="monogram" aria-hidden="true">${initials(tenant.business_name)}</div>`
}
<h1>${tenant.business_name}</h1>
${where ? html`<p class="meta">${PIN}<span>${where}</span></p>` : ''}
${phone ? html`<p class="meta">${PHONE}<a href="tel:${phone.replace(/[^+\d]/g, '')}">${phone}</a></p>` : ''}
${
  services.length > 0
    ? html`<section class="services"><h2>Services</h2><ul>${services.map(
        (service) =>
          html`<li><div class="service">${service.name}</div><div class="detail">${[
            duration(service.duration_minutes),
            price(service, tenant.locale),
          ]
            .filter(Boolean)
            .join(' · ')}</div></li>`,
      )}</ul></section>`
    : ''
}
</aside>
<book-sprintz tenant="${tenant.subdomain}" aria-label="Book an appointment"></book-sprintz>
</div>
<footer>Online booking by <a href="https://booksprintz.com">BookSprintz</a></footer>
</main>
</body>
</html>`;
}

export function notFoundPageHtml() {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,sans-serif;color:#111827;background:#f3f4f6}main{text-align:center;padding:24px}h1{font-size:22px;margin:0 0 8px}p{color:#4b5563;margin:0}</style>
</head>
<body><main><h1>There is no booking page here</h1><p>Check the link you were given; the business may have moved or closed its page.</p></main></body>
</html>`;
}
