import { z } from 'zod';

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

export interface ConnectionResponse {
  id: string;
  staff_id: string;
  provider: string;
  status: string;
  url: string | null;
  username: string | null;
  calendars: Array<{ id: string; name: string; busy: boolean; write: boolean }>;
  last_synced_at: string | null;
  last_error: string | null;
  all_day_blocks: boolean;
  tentative_blocks: boolean;
}
