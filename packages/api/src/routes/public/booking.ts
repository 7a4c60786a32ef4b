import {
  bookingRequestSchema,
  cancelRequestSchema,
  holdRequestSchema,
  rescheduleRequestSchema,
} from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  appointmentCalendar,
  cancelAppointment,
  rescheduleAppointment,
  viewAppointment,
} from '../../features/booking/customer-manage.ts';
import { withIdempotency } from '../../features/booking/idempotency.ts';
import { createBooking, placeHold, releaseHold } from '../../features/booking/public-booking.ts';
import { readJson } from '../../http/body.ts';
import { bookingContext } from '../../http/request-context.ts';
import { privateResponse } from '../../middleware/private-response.ts';
import { uuidParam } from '../admin/params.ts';

/** Holding, booking and the customer's manage links (token in `?token=`). */
export const bookingRoutes = new Hono<AppEnv>()
  // Token-bearing URLs and personal data: not cached, not framed, no Referer.
  .use('/appointments/*', privateResponse)
  .post('/holds', async (c) => {
    const input = await readJson(c, holdRequestSchema);
    return c.json(await placeHold(bookingContext(c), input), 201);
  })
  .delete('/holds/:hold_id', async (c) => {
    await releaseHold(bookingContext(c), uuidParam(c, 'hold_id'));
    return c.body(null, 204);
  })
  .post('/appointments', async (c) => {
    const input = await readJson(c, bookingRequestSchema);
    const ctx = bookingContext(c);
    const stored = await withIdempotency(
      ctx.tdb,
      c.req.header('idempotency-key'),
      JSON.stringify(['POST /appointments', input]),
      async () => ({ status: 201, body: await createBooking(ctx, input, 'online') }),
    );
    return c.json(stored.body as object, stored.status as 201);
  })
  .get('/appointments/:id', async (c) =>
    c.json(await viewAppointment(bookingContext(c), c.req.param('id'), c.req.query('token'))),
  )
  .put('/appointments/:id/reschedule', async (c) => {
    const input = await readJson(c, rescheduleRequestSchema);
    return c.json(
      await rescheduleAppointment(
        bookingContext(c),
        c.req.param('id'),
        c.req.query('token'),
        input,
      ),
    );
  })
  .delete('/appointments/:id/cancel', async (c) => {
    const input = await readJson(c, cancelRequestSchema, { optional: true });
    return c.json(
      await cancelAppointment(bookingContext(c), c.req.param('id'), c.req.query('token'), input),
    );
  })
  .get('/appointments/:id/calendar.ics', async (c) => {
    const ics = await appointmentCalendar(
      bookingContext(c),
      c.req.param('id'),
      c.req.query('token'),
    );
    return c.body(ics, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="appointment.ics"',
    });
  });
