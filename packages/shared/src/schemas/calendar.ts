import { z } from 'zod';
import { instant, uuid } from './common.ts';

/** `POST …/calendar-connections`. Google and Microsoft answer with a consent URL (OAuth). */
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

/**
 * `POST …/calendar-connections` for `google` / `microsoft`: the pending connection and
 * the provider's consent URL to send the owner's browser to.
 */
export const oauthConnectionCreatedSchema = z.object({
  connection: connectionSchema,
  authorization_url: z.string(),
});
export const connectionCreatedSchema = z.union([connectionSchema, oauthConnectionCreatedSchema]);
