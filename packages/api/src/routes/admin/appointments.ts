import {
  adminAppointmentListQuerySchema,
  adminAppointmentUpdateSchema,
  adminBookingSchema,
} from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  createManualBooking,
  getAdminAppointment,
  listAppointments,
  updateAdminAppointment,
} from '../../features/booking/admin-appointments.ts';
import { deliverInBackground } from '../../features/notifications/events.ts';
import { readJson, validate } from '../../http/body.ts';
import { adminContext } from '../../http/request-context.ts';
import { uuidParam } from './params.ts';

/** `/tenants/:tenant_id/appointments`: the desk's view; a staff key sees its own only. */
export const appointmentRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const query = validate(adminAppointmentListQuerySchema, c.req.query());
    return c.json(await listAppointments(await adminContext(c), query));
  })
  .get('/:id', async (c) =>
    c.json(await getAdminAppointment(await adminContext(c), uuidParam(c, 'id'))),
  )
  .post('/', async (c) => {
    const input = await readJson(c, adminBookingSchema);
    return c.json(await createManualBooking(await adminContext(c), input), 201);
  })
  .put('/:id', async (c) => {
    const patch = await readJson(c, adminAppointmentUpdateSchema);
    const updated = await updateAdminAppointment(await adminContext(c), uuidParam(c, 'id'), patch);
    // Confirmations, completions and no-shows queue messages outside the SlotLock.
    c.executionCtx.waitUntil(deliverInBackground(c.env));
    return c.json(updated);
  });
