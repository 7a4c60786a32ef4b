import { z } from 'zod';
import { instant, isoDate, uuid } from './common.ts';

/** `POST …/calendar-connections`. Google and Microsoft need OAuth, not built yet. */
export const connectionCreateSchema = z.strictObject({
  staff_id: z.uuid(),
  provider: z.enum(['ics', 'caldav', 'google', 'microsoft']),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  username: z.string().min(1).max(255).optional(),
  password: z.string().min(1).max(1000).optional(),
});
export type ConnectionCreate = z.infer<typeof connectionCreateSchema>;

/** `PUT …/calendar-connections/:id`: the owner's choices only. */
export const connectionUpdateSchema = z.strictObject({
  calendars: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        busy: z.boolean().optional(),
        write: z.boolean().optional(),
      }),
    )
    .max(100)
    .optional(),
  all_day_blocks: z.boolean().optional(),
  tentative_blocks: z.boolean().optional(),
});
export type ConnectionUpdate = z.infer<typeof connectionUpdateSchema>;

/** A calendar connection as API.md "Calendar connections and feeds" shows it; secrets never. */
export const connectionSchema = z.object({
  id: uuid,
  staff_id: uuid,
  provider: z.string(),
  status: z.string(),
  url: z.string().nullable(),
  username: z.string().nullable(),
  calendars: z.array(
    z.object({ id: z.string(), name: z.string(), busy: z.boolean(), write: z.boolean() }),
  ),
  last_synced_at: instant.nullable(),
  last_error: z.string().nullable(),
  all_day_blocks: z.boolean(),
  tentative_blocks: z.boolean(),
});
export type ConnectionResponse = z.infer<typeof connectionSchema>;

export const connectionSyncSchema = z.object({
  last_synced_at: instant,
  busy_count: z.number().int(),
});
export const calendarFeedSchema = z.object({ url: z.string() });

/** `GET …/external-busy`: imported busy time overlapping the business's days given. */
export const externalBusyQuerySchema = z.strictObject({
  start_date: isoDate,
  end_date: isoDate,
  staff_id: uuid.optional(),
});
export type ExternalBusyQuery = z.infer<typeof externalBusyQuerySchema>;

/** One busy interval from a staff member's outside calendar (no title: none is stored). */
export const externalBusySchema = z.object({
  staff_id: uuid,
  start_time: instant,
  end_time: instant,
});
export type ExternalBusy = z.infer<typeof externalBusySchema>;
