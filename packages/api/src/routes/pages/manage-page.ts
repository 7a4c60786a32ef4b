import { cancelRequestSchema, rescheduleRequestSchema } from '@booksprintz/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  cancelAppointment,
  rescheduleAppointment,
} from '../../features/booking/customer-manage.ts';
import { MANAGE_PAGE_CSP, managePageHtml } from '../../features/manage-page/manage-page-html.ts';
import {
  loadManageView,
  type ManageNotice,
  type ManageQuery,
  manageContext,
  staffIdOf,
} from '../../features/manage-page/manage-view.ts';
import { ApiError } from '../../http/api-error.ts';
import { privateResponse } from '../../middleware/private-response.ts';

/**
 * `/manage/:tenant/:id?token=…`: the page behind a booking's manage link, where the
 * customer sees the appointment, adds it to a calendar, moves it or cancels it (each
 * after a confirmation step). Server-rendered, no script: it works from any mail
 * client's browser. The token is the only key. What it shows is `features/manage-page/`.
 */
const context = (c: Context<AppEnv>) =>
  manageContext(c.get('db')(), c.env, c.req.param('tenant') ?? '', new URL(c.req.url).origin);

async function render(
  c: Context<AppEnv>,
  notice?: ManageNotice,
  query: ManageQuery = c.req.query(),
): Promise<Response> {
  const view = await loadManageView(
    await context(c),
    c.req.param('id') ?? '',
    c.req.query('token'),
    query,
    notice,
  );
  c.header('Content-Security-Policy', MANAGE_PAGE_CSP);
  return c.html(managePageHtml(view));
}

/** A form body; a body that is not a form reads as empty (then validation speaks). */
const formOf = (c: Context<AppEnv>) =>
  c.req.parseBody().catch(() => ({}) as Record<string, unknown>);

export const managePageRoutes = new Hono<AppEnv>()
  .use('/manage/*', privateResponse)
  .get('/manage/:tenant/:id', (c) => render(c))
  .post('/manage/:tenant/:id/cancel', async (c) => {
    const form = await formOf(c);
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    const input = cancelRequestSchema.safeParse(reason ? { reason: reason.slice(0, 1000) } : {});
    if (!input.success) throw new ApiError('validation_failed', 'The reason is not valid.');
    await cancelAppointment(await context(c), c.req.param('id'), c.req.query('token'), input.data);
    return render(c, 'cancelled', {});
  })
  .post('/manage/:tenant/:id/reschedule', async (c) => {
    const form = await formOf(c);
    const staffId = staffIdOf(form.staff_id);
    const input = rescheduleRequestSchema.safeParse({
      start_time: form.start_time,
      ...(staffId ? { staff_id: staffId } : {}),
    });
    if (!input.success) {
      throw new ApiError('validation_failed', 'Choose one of the free times.', {
        errors: [{ path: 'start_time', message: 'an ISO 8601 date-time is required' }],
      });
    }
    const date = typeof form.date === 'string' ? form.date : undefined;
    try {
      await rescheduleAppointment(
        await context(c),
        c.req.param('id'),
        c.req.query('token'),
        input.data,
      );
    } catch (error) {
      // Taken since the page showed it: the same day's times again, without it.
      if (error instanceof ApiError && error.code === 'slot_unavailable') {
        return render(c, 'taken', { date, staff: staffId });
      }
      throw error;
    }
    return render(c, 'rescheduled', {});
  });
