import {
  cancelRequestSchema,
  isoDate,
  rescheduleRequestSchema,
  tenantSlug,
} from '@booksprintz/shared';
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { bookingServices, bookingStaff } from '../../db/schema/index.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import type { AppEnv } from '../../env.ts';
import {
  authorizeManage,
  cancelAppointment,
  rescheduleAppointment,
  rescheduleTimes,
} from '../../features/booking/customer-manage.ts';
import { isMovable, isOpen } from '../../features/booking/manage.ts';
import { localeOf } from '../../features/notifications/templates/render.ts';
import { publicTenantBySlug } from '../../features/tenants/tenant-cache.ts';
import { ApiError } from '../../http/api-error.ts';
import { validate } from '../../http/body.ts';
import { bookingContext } from '../../http/request-context.ts';
import { MANAGE_PAGE_COPY, type ManagePageCopy } from './manage-page-copy.ts';

/**
 * `/manage/:tenant/:id?token=…`: the page behind a booking's manage link, where the
 * customer sees the appointment, adds it to a calendar, moves it or cancels it. Server-rendered,
 * no script: it works from any mail client's browser. The token is the only key. In the
 * language the customer booked in (else the business's), like their emails.
 */
async function manageContext(c: Context<AppEnv>) {
  const slug = c.req.param('tenant') ?? '';
  const db = c.get('db')();
  const found = tenantSlug.safeParse(slug).success ? await publicTenantBySlug(db, slug) : undefined;
  if (!found) throw new ApiError('not_found', 'No such business.');
  return bookingContext(c, found.tenant, new TenantDb(db, found.tenant.id));
}

function when(instant: Date, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(instant);
}

/** `America/New_York` → `America/New York`. */
const zoneName = (zone: string) => zone.replaceAll('_', ' ');

/** `YYYY-MM-DD` of an instant in a zone. */
function dayIn(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(instant);
}

/** The status in words; one the copy does not know yet reads as stored. */
function statusName(t: ManagePageCopy, status: string): string {
  return (t.statuses as Record<string, string | undefined>)[status] ?? status.replace('_', ' ');
}

type Notice = 'cancelled' | 'rescheduled' | 'taken';

interface MoveView {
  t: ManagePageCopy;
  locale: string;
  /** The zone the customer booked in: days and times are theirs. */
  zone: string;
  /** `/manage/:tenant/:id`. */
  page: string;
  token: string;
  /** The day whose free times are shown, when the customer asked. */
  day: string | undefined;
  times: string[];
  /** The appointment's own day, the picker's default. */
  current: string;
}

/** A day picker (a plain GET form), then that day's free times as buttons that move it. */
function moveSection({ t, locale, zone, page, token, day, times, current }: MoveView) {
  const today = dayIn(new Date(), zone);
  const date = (d: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'full' }).format(
      new Date(`${d}T12:00:00Z`),
    );
  const time = (instant: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeStyle: 'short' }).format(
      new Date(instant),
    );
  return html`<section aria-labelledby="move">
    <h2 id="move">${t.move}</h2>
    <form method="get" action="${page}">
      <input type="hidden" name="token" value="${token}">
      <label>${t.day}<input type="date" name="date" value="${day ?? current}" min="${today}" required></label>
      <div class="actions"><button type="submit">${t.showTimes}</button></div>
    </form>
    ${
      day
        ? html`<h3>${t.timesOn(date(day), zoneName(zone))}</h3>
    ${
      times.length
        ? html`<form class="times" method="post" action="${page}/reschedule?token=${token}">
      <input type="hidden" name="date" value="${day}">
      ${times.map((start) => html`<button type="submit" name="start_time" value="${start}">${time(start)}</button>`)}
    </form>`
        : html`<p>${t.noTimes}</p>`
    }`
        : ''
    }
  </section>`;
}

async function render(c: Context<AppEnv>, notice?: Notice, asked = c.req.query('date')) {
  const ctx = await manageContext(c);
  const token = c.req.query('token');
  const appointment = await authorizeManage(ctx, c.req.param('id') ?? '', token);
  const [service, staff] = await Promise.all([
    ctx.tdb.get(bookingServices, appointment.service_id),
    ctx.tdb.get(bookingStaff, appointment.staff_id),
  ]);
  const zone = ctx.tenant.timezone;
  const locale = localeOf(appointment.locale || ctx.tenant.locale);
  const t = MANAGE_PAGE_COPY[locale];
  const customerZone =
    appointment.timezone && appointment.timezone !== zone ? appointment.timezone : null;
  const api = `/api/booking/v1/${ctx.tenant.subdomain}/appointments/${appointment.id}`;
  const open = isOpen(appointment);
  const movable = isMovable(appointment);
  const customerTz = appointment.timezone || zone;
  const page = `/manage/${ctx.tenant.subdomain}/${appointment.id}`;
  const day = movable && asked && isoDate.safeParse(asked).success ? asked : undefined;
  const times = day ? await rescheduleTimes(ctx, appointment, day, customerTz) : [];
  const color = /^#[0-9a-fA-F]{6}$/.test(ctx.tenant.primary_color)
    ? ctx.tenant.primary_color
    : '#4F46E5';
  return c.html(html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t.title(ctx.tenant.business_name)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f9fafb; }
  main { max-width: 34rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
  dt { color: #4b5563; }
  .status { display: inline-block; padding: .1rem .6rem; border-radius: 999px; background: #eef2ff; }
  .actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.5rem; }
  a.button, button { font: inherit; padding: .6rem 1rem; border-radius: 8px; border: 1px solid ${color}; color: ${color}; background: #fff; text-decoration: none; cursor: pointer; }
  button.danger { border-color: #b91c1c; color: #b91c1c; }
  .notice { padding: .75rem 1rem; border-radius: 8px; background: #ecfdf5; margin-bottom: 1rem; }
  .notice.problem { background: #fef2f2; }
  h2 { font-size: 1.15rem; margin: 2rem 0 0; }
  h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
  .times { display: flex; flex-wrap: wrap; gap: .5rem; }
  label { display: block; margin-top: 1rem; }
  input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
</style>
</head>
<body>
<main>
  ${notice ? html`<p class="notice${notice === 'taken' ? ' problem' : ''}" role="status">${t[notice]}</p>` : ''}
  <h1>${t.heading(service?.name ?? null, ctx.tenant.business_name)}</h1>
  <dl>
    <dt>${t.when}</dt><dd>${when(appointment.start_time, zone, locale)}${
      customerZone
        ? html` (${zoneName(zone)})<br><small>${when(appointment.start_time, customerZone, locale)} (${zoneName(customerZone)})</small>`
        : ''
    }</dd>
    <dt>${t.with}</dt><dd>${staff?.name ?? ''}</dd>
    <dt>${t.code}</dt><dd><strong>${appointment.confirmation_code}</strong></dd>
    <dt>${t.status}</dt><dd><span class="status">${statusName(t, appointment.status)}</span></dd>
  </dl>
  <div class="actions">
    <a class="button" href="${api}/calendar.ics?token=${token ?? ''}">${t.addToCalendar}</a>
  </div>
  ${
    movable
      ? moveSection({
          t,
          locale,
          zone: customerTz,
          page,
          token: token ?? '',
          day,
          times,
          current: dayIn(appointment.start_time, customerTz),
        })
      : ''
  }
  ${
    open
      ? html`<form method="post" action="${page}/cancel?token=${token ?? ''}">
    <label>${t.reason}<input name="reason" maxlength="500" autocomplete="off"></label>
    <div class="actions"><button class="danger" type="submit">${t.cancel}</button></div>
  </form>`
      : ''
  }
</main>
</body>
</html>`);
}

export const managePageRoutes = new Hono<AppEnv>()
  .get('/manage/:tenant/:id', (c) => render(c))
  .post('/manage/:tenant/:id/cancel', async (c) => {
    const ctx = await manageContext(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const { reason } = validate(cancelRequestSchema, {
      reason:
        typeof form.reason === 'string' && form.reason.trim()
          ? form.reason.trim().slice(0, 1000)
          : undefined,
    });
    await cancelAppointment(ctx, c.req.param('id'), c.req.query('token'), { reason });
    return render(c, 'cancelled');
  })
  .post('/manage/:tenant/:id/reschedule', async (c) => {
    const ctx = await manageContext(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const input = rescheduleRequestSchema.safeParse({ start_time: form.start_time });
    if (!input.success) {
      throw new ApiError('validation_failed', 'Choose one of the free times.', {
        errors: [{ path: 'start_time', message: 'an ISO 8601 date-time is required' }],
      });
    }
    const day = typeof form.date === 'string' ? form.date : undefined;
    try {
      await rescheduleAppointment(ctx, c.req.param('id'), c.req.query('token'), input.data);
    } catch (error) {
      // Taken since the page showed it: the same day's times again, without it.
      if (error instanceof ApiError && error.code === 'slot_unavailable') {
        return render(c, 'taken', day);
      }
      throw error;
    }
    return render(c, 'rescheduled');
  });
