import { bookingEventType, instantInput } from '@booksprintz/shared';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { html, raw } from 'hono/html';
import { z } from 'zod';
import { latestNotifications, notificationById } from '../../db/dev-outbox.ts';
import { tenantDb } from '../../db/tenant-db.ts';
import type { AppEnv } from '../../env.ts';
import { rowAsItWouldGo } from '../../features/notifications/due-message.ts';
import { emailParts } from '../../features/notifications/email-parts.ts';
import {
  deliverDueMessages,
  deliverInBackground,
  recordBookingEvent,
} from '../../features/notifications/events.ts';
import type { NotificationPayload } from '../../features/notifications/outbox.ts';
import { ApiError } from '../../http/api-error.ts';
import { readJson, validate } from '../../http/body.ts';
import { calendarInvite } from '../../integrations/ics/appointment-ics.ts';
import { database } from '../../middleware/database.ts';

/** Everything here exists in development (and the test stacks) only; elsewhere, 404. */
const developmentOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== 'development') throw new ApiError('not_found', 'No such route.');
  await next();
});

const STATUS_COLORS: Record<string, string> = {
  sent: '#047857',
  pending: '#b45309',
  sending: '#1d4ed8',
  failed: '#b91c1c',
  cancelled: '#6b7280',
};

/** `GET /dev/outbox`: what the `log` provider "sent" (and everything else queued). */
export const devOutboxPage = new Hono<AppEnv>()
  .use('*', developmentOnly)
  .use('*', database)
  .get('/outbox', async (c) => {
    const rows = await latestNotifications(c.get('db')(), 200);
    const items = rows.map(({ notification: n, subdomain }) => {
      const payload = n.payload as unknown as NotificationPayload;
      const invite = payload.invite ? calendarInvite(payload.invite) : null;
      const title =
        n.subject ??
        (payload.when_due
          ? `${n.type} (${n.channel}), written when it goes out`
          : `SMS (${n.type})`);
      return html`<article>
  <header><strong>${title}</strong>
    <span class="status" style="color:${STATUS_COLORS[n.status] ?? '#111'}">${n.status}</span></header>
  <p class="meta">${subdomain} · ${n.type} · ${n.channel} · to ${n.recipient_email ?? 'phone on file'} ·
    due ${n.scheduled_for.toISOString()} · attempts ${n.attempts}${n.provider ? ` · via ${n.provider}` : ''}${n.last_error ? ` · ${n.last_error}` : ''}</p>
  ${n.message ? html`<pre>${n.message}</pre>` : ''}
  ${n.channel === 'email' ? html`<p><a href="/dev/outbox/${n.id}">${payload.when_due ? 'Preview the e-mail as it would go out now (HTML)' : 'View the e-mail as sent (HTML)'}</a></p>` : ''}
  ${invite ? html`<details><summary>${payload.invite?.method} invitation (.ics)</summary><pre>${invite}</pre></details>` : ''}
</article>`;
    });
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Outbox — BookSprintz dev</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; color: #1f2937; }
  article { border: 1px solid #e5e7eb; border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; }
  header { display: flex; justify-content: space-between; gap: 1rem; }
  .meta { color: #6b7280; font-size: 13px; margin: .25rem 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f9fafb; padding: .5rem; border-radius: 4px; }
</style></head>
<body><h1>Outbox</h1>
<p>The latest ${rows.length} messages of every business, newest first. With <code>EMAIL_PROVIDER=log</code> nothing leaves this machine.</p>
${rows.length ? raw(items.join('\n')) : html`<p>Nothing queued yet: book an appointment.</p>`}
</body></html>`);
  })
  // One e-mail's HTML part, exactly as the provider gets it (one not written yet, as it
  // would be now).
  .get('/outbox/:id', async (c) => {
    const id = validate(z.object({ id: z.uuid() }), c.req.param()).id;
    const db = c.get('db')();
    const row = await notificationById(db, id);
    if (row?.channel !== 'email') throw new ApiError('not_found', 'No such e-mail.');
    const { html: page } = await emailParts(
      c.env,
      await rowAsItWouldGo(db, c.env, row, new Date()),
      'BookSprintz',
    );
    return c.html(page);
  });

const deliverQuery = z.strictObject({ now: instantInput.optional() });

const bookingEventBody = z.strictObject({
  tenant_id: z.uuid(),
  appointment_id: z.uuid(),
  type: bookingEventType,
  previous_start_time: instantInput.optional(),
  /** Record as of this instant (injected clock). */
  now: instantInput.optional(),
  /** Also send what is due right after the response, as the booking path does. */
  deliver: z.boolean().default(false),
});

/**
 * `/api/booking/v1/dev/…`: drive the outbox with an injected clock, so retry schedules
 * and reminders are tested without sleeping.
 */
export const devDeliveryRoutes = new Hono<AppEnv>()
  .use('*', developmentOnly)
  .post('/deliver', async (c) => {
    const { now } = validate(deliverQuery, c.req.query());
    return c.json(await deliverDueMessages(c.get('db')(), c.env, now ? new Date(now) : new Date()));
  })
  .post('/booking-events', async (c) => {
    const body = await readJson(c, bookingEventBody);
    const tdb = tenantDb(c.get('db')(), body.tenant_id);
    await tdb.transaction((tx) =>
      recordBookingEvent(
        tx,
        c.env,
        {
          type: body.type,
          appointmentId: body.appointment_id,
          ...(body.previous_start_time
            ? { previousStartTime: new Date(body.previous_start_time) }
            : {}),
        },
        body.now ? new Date(body.now) : new Date(),
      ),
    );
    if (body.deliver) c.executionCtx.waitUntil(deliverInBackground(c.env));
    return c.json({ recorded: true }, 201);
  });
