import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { bookingServices, bookingStaff } from '../db/schema/index.ts';
import { TenantDb } from '../db/tenant-db.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors/api-error.ts';
import { authorizeManage, cancelAppointment } from '../services/booking/customer-manage.ts';
import type { PublicContext } from '../services/booking/public-booking.ts';
import { publicTenantBySlug } from '../services/tenant-cache.ts';

/**
 * `/manage/:tenant/:id?token=…`: the page behind a booking's manage link, where the
 * customer sees the appointment, adds it to a calendar or cancels it. Server-rendered,
 * no script: it works from any mail client's browser. The token is the only key.
 */
async function manageContext(c: Context<AppEnv>) {
  const slug = c.req.param('tenant') ?? '';
  const db = c.get('db')();
  const found = /^[a-z0-9-]{3,63}$/.test(slug) ? await publicTenantBySlug(db, slug) : undefined;
  if (!found) throw new ApiError('not_found', 'No such business.');
  const ctx: PublicContext = {
    env: c.env,
    tdb: new TenantDb(db, found.tenant.id),
    tenant: found.tenant,
    origin: new URL(c.req.url).origin,
  };
  return ctx;
}

function when(instant: Date, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(instant);
}

async function render(c: Context<AppEnv>, notice?: string) {
  const ctx = await manageContext(c);
  const token = c.req.query('token');
  const appointment = await authorizeManage(ctx, c.req.param('id') ?? '', token);
  const [service, staff] = await Promise.all([
    ctx.tdb.get(bookingServices, appointment.service_id),
    ctx.tdb.get(bookingStaff, appointment.staff_id),
  ]);
  const zone = ctx.tenant.timezone;
  const locale = appointment.locale || ctx.tenant.locale;
  const customerZone =
    appointment.timezone && appointment.timezone !== zone ? appointment.timezone : null;
  const api = `/api/booking/v1/${ctx.tenant.subdomain}/appointments/${appointment.id}`;
  const open = appointment.status === 'pending' || appointment.status === 'confirmed';
  const color = /^#[0-9a-fA-F]{6}$/.test(ctx.tenant.primary_color)
    ? ctx.tenant.primary_color
    : '#4F46E5';
  return c.html(html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Your appointment — ${ctx.tenant.business_name}</title>
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
  label { display: block; margin-top: 1rem; }
  input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
</style>
</head>
<body>
<main>
  ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
  <h1>${service?.name ?? 'Appointment'} at ${ctx.tenant.business_name}</h1>
  <dl>
    <dt>When</dt><dd>${when(appointment.start_time, zone, locale)}${
      customerZone
        ? html`<br><small>${when(appointment.start_time, customerZone, locale)} (${customerZone})</small>`
        : ''
    }</dd>
    <dt>With</dt><dd>${staff?.name ?? ''}</dd>
    <dt>Code</dt><dd><strong>${appointment.confirmation_code}</strong></dd>
    <dt>Status</dt><dd><span class="status">${appointment.status.replace('_', ' ')}</span></dd>
  </dl>
  <div class="actions">
    <a class="button" href="${api}/calendar.ics?token=${token ?? ''}">Add to calendar (.ics)</a>
  </div>
  ${
    open
      ? html`<form method="post" action="/manage/${ctx.tenant.subdomain}/${appointment.id}/cancel?token=${token ?? ''}">
    <label>Reason (optional)<input name="reason" maxlength="500" autocomplete="off"></label>
    <div class="actions"><button class="danger" type="submit">Cancel this appointment</button></div>
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
    const reason =
      typeof form.reason === 'string' && form.reason.trim()
        ? form.reason.trim().slice(0, 1000)
        : undefined;
    await cancelAppointment(ctx, c.req.param('id'), c.req.query('token'), { reason });
    return render(c, 'Your appointment is cancelled. We have let the business know.');
  });
