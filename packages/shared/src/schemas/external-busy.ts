import { z } from 'zod';
import { instant, isoDate, uuid } from './common.ts';

/** The longest range one request reads: a month view with its leading and trailing weeks. */
export const MAX_EXTERNAL_BUSY_DAYS = 62;

/**
 * `GET /tenants/:tenant_id/external-busy`: the business's days `start_date`…`end_date`
 * (inclusive, in the business's zone), optionally one staff member. A staff key or
 * session is always narrowed to itself.
 */
export const externalBusyQuerySchema = z
  .strictObject({
    start_date: isoDate,
    end_date: isoDate,
    staff_id: uuid.optional(),
  })
  .refine((query) => query.start_date <= query.end_date, {
    path: ['end_date'],
    message: 'end_date is before start_date',
  })
  .refine(
    (query) =>
      (Date.parse(query.end_date) - Date.parse(query.start_date)) / 86_400_000 <
      MAX_EXTERNAL_BUSY_DAYS,
    { path: ['end_date'], message: `a range covers at most ${MAX_EXTERNAL_BUSY_DAYS} days` },
  );
export type ExternalBusyQuery = z.infer<typeof externalBusyQuerySchema>;

/**
 * One stretch of time a staff member is busy in their connected calendars (overlapping
 * events of all their connections merged). Only the time: never a title or attendee.
 */
export const externalBusySchema = z.object({
  staff_id: uuid,
  starts_at: instant,
  ends_at: instant,
});
export type ExternalBusy = z.infer<typeof externalBusySchema>;
