import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { safeUrl, textOn } from '../notifications/templates/email-layout.ts';
import {
  formatCivilDate,
  formatDateTime,
  formatTime,
  formatZone,
  zonesDiffer,
} from '../notifications/templates/format.ts';
import { MANAGE_PAGE_CSS } from './manage-page-styles.ts';
import type { ManageView } from './manage-view-model.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The page's Content-Security-Policy: no script at all, styles inline, images (the
 * logo) from anywhere secure, forms only to ourselves, never framed.
 */
export const MANAGE_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const withToken = (v: ManageView, path = v.page, params: Record<string, string> = {}) =>
  `${path}?${new URLSearchParams({ token: v.token, ...params }).toString()}`;

function notice(v: ManageView): Html | string {
  if (!v.notice) return '';
  const problem = v.notice === 'taken';
  return html`<p class="notice${problem ? ' problem' : ''}" role="${problem ? 'alert' : 'status'}">${v.t[v.notice]}</p>`;
}

function details(v: ManageView): Html {
  const { appointment: a, t, labels } = v;
  const start = a.start_time;
  const elsewhere = zonesDiffer(start, v.zone, v.businessZone);
  return html`<section class="card" aria-labelledby="title">
    <h1 id="title">${t.heading(v.serviceName || null)}</h1>
    <span class="pill ${a.status}" data-testid="status">${t.statuses[a.status as keyof typeof t.statuses] ?? a.status}</span>
    <dl>
      <dt>${labels.when}</dt>
      <dd data-testid="when">${formatDateTime(start, v.zone, v.locale)}
        <small>${t.timesShownIn(formatZone(v.zone, v.locale, start))}</small>
        ${elsewhere ? html`<small>${t.businessTime(`${formatTime(start, v.businessZone, v.locale)}, ${formatZone(v.businessZone, v.locale, start)}`)}</small>` : ''}
      </dd>
      ${v.staffName ? html`<dt>${labels.staff}</dt><dd>${v.staffName}</dd>` : ''}
      ${v.location ? html`<dt>${labels.where}</dt><dd>${v.location}</dd>` : ''}
      <dt>${labels.code}</dt><dd class="code">${a.confirmation_code}</dd>
    </dl>
    ${
      v.open
        ? html`<div class="calendar">
      <h2>${labels.addToCalendar}</h2>
      <div class="actions">
        <a class="button" data-testid="google-calendar" href="${v.links.google_calendar_url}" rel="noopener noreferrer" target="_blank">${labels.googleCalendar}</a>
        <a class="button" data-testid="outlook-calendar" href="${v.links.outlook_calendar_url}" rel="noopener noreferrer" target="_blank">${labels.outlookCalendar}</a>
        <a class="button" data-testid="ics-calendar" href="${v.links.calendar_url}">${labels.icsCalendar}</a>
      </div>
    </div>`
        : a.status === 'cancelled'
          ? ''
          : html`<p class="muted calendar">${t.closed}</p>`
    }
  </section>`;
}

function moveSection(v: ManageView): Html | string {
  const move = v.move;
  if (!move) return '';
  const { t } = v;
  const hint = (staffId: string) =>
    move.staff === 'any' && staffId !== v.appointment.staff_id
      ? html`<small>${move.staffOptions.find((o) => o.value === staffId)?.name ?? ''}</small>`
      : '';
  return html`<section class="card" aria-labelledby="move">
    <h2 id="move">${t.move}</h2>
    <form method="get" action="${v.page}">
      <input type="hidden" name="token" value="${v.token}">
      <div class="fields">
        <label>${t.day}<input type="date" name="date" value="${move.day ?? move.current}" min="${move.today}" required></label>
        ${
          move.staffOptions.length
            ? html`<label>${t.staffChoice}<select name="staff">${move.staffOptions.map(
                (option) =>
                  html`<option value="${option.value}"${option.value === move.staff ? ' selected' : ''}>${option.name}</option>`,
              )}</select></label>`
            : ''
        }
      </div>
      <div class="actions"><button class="primary" type="submit">${t.showTimes}</button></div>
    </form>
    ${
      move.day
        ? html`<h3>${t.timesOn(formatCivilDate(move.day, v.locale))}</h3>
    <p class="muted">${t.timesShownIn(formatZone(v.zone, v.locale, new Date(`${move.day}T12:00:00Z`)))}</p>
    ${
      move.times.length
        ? html`<form class="slot-list" method="get" action="${v.page}">
      <input type="hidden" name="token" value="${v.token}">
      <input type="hidden" name="date" value="${move.day}">
      <input type="hidden" name="staff" value="${move.staff}">
      ${move.times.map(
        (slot) =>
          html`<button class="slot" type="submit" name="start_time" value="${slot.start_time}">${formatTime(new Date(slot.start_time), v.zone, v.locale)}${hint(slot.staff_id)}</button>`,
      )}
    </form>`
        : html`<p>${t.noTimes}</p>`
    }`
        : ''
    }
  </section>`;
}

function cancelSection(v: ManageView): Html | string {
  if (!v.open) return '';
  const { t } = v;
  return html`<section class="card" aria-labelledby="cancel">
    <h2 id="cancel">${t.cancelSection}</h2>
    <p class="muted">${t.cancelHint}</p>
    <div class="actions"><a class="button danger" data-testid="cancel-start" href="${withToken(v, v.page, { step: 'cancel' })}">${t.cancelButton}</a></div>
  </section>`;
}

function confirmMove(v: ManageView): Html {
  const c = v.confirmMove as NonNullable<ManageView['confirmMove']>;
  const { t } = v;
  const from = formatDateTime(v.appointment.start_time, v.zone, v.locale);
  const to = formatDateTime(c.start, v.zone, v.locale);
  const staffChanges = c.staffId !== v.appointment.staff_id;
  return html`<section class="card confirm" aria-labelledby="confirm">
    <h2 id="confirm">${t.confirmMove}</h2>
    <p>${t.moveFromTo(from, to)}</p>
    <p class="muted">${formatZone(v.zone, v.locale, c.start)}${staffChanges && c.staffName ? html` · ${v.labels.staff}${' '}${c.staffName}` : ''}</p>
    <form method="post" action="${withToken(v, `${v.page}/reschedule`)}">
      <input type="hidden" name="start_time" value="${c.start.toISOString()}">
      <input type="hidden" name="staff_id" value="${c.staffId}">
      <input type="hidden" name="date" value="${c.day}">
      <div class="actions">
        <button class="primary" type="submit" data-testid="confirm-move">${t.confirmMoveButton}</button>
        <a class="button" href="${withToken(v, v.page, { date: c.day })}">${t.back}</a>
      </div>
    </form>
  </section>`;
}

function confirmCancel(v: ManageView): Html {
  const { t } = v;
  return html`<section class="card confirm danger" aria-labelledby="confirm">
    <h2 id="confirm">${t.confirmCancel}</h2>
    <p>${t.confirmCancelHint(formatDateTime(v.appointment.start_time, v.zone, v.locale))}</p>
    <form method="post" action="${withToken(v, `${v.page}/cancel`)}">
      <label>${t.reason}<input name="reason" maxlength="1000" autocomplete="off"></label>
      <div class="actions">
        <button class="danger primary" type="submit" data-testid="confirm-cancel">${t.confirmCancelButton}</button>
        <a class="button" href="${withToken(v)}">${t.keep}</a>
      </div>
    </form>
  </section>`;
}

/** The whole page: the business's header, then the appointment, then what can be done. */
export function managePageHtml(v: ManageView): Html {
  const logo = safeUrl(v.brand.logoUrl);
  const step = v.confirmCancel ? confirmCancel(v) : v.confirmMove ? confirmMove(v) : null;
  return html`<!doctype html>
<html lang="${v.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${v.t.title(v.brand.name)}</title>
<style>${
    // The colour passed hexColor; the rest is our own CSS: nothing here is escaped text.
    raw(
      `:root { --brand: ${v.brand.color}; --on-brand: ${textOn(v.brand.color)}; }${MANAGE_PAGE_CSS}`,
    )
  }</style>
</head>
<body>
<header class="brand"><div class="brand-inner">${
    logo
      ? html`<img src="${v.brand.logoUrl}" alt="${v.brand.name}">`
      : html`<span class="brand-name">${v.brand.name}</span>`
  }</div></header>
<main>
  ${notice(v)}
  ${step ?? ''}
  ${details(v)}
  ${step ? '' : html`${moveSection(v)}${cancelSection(v)}`}
</main>
</body>
</html>`;
}
