import { z } from 'zod';
import { instant, shortText, uuid } from './common.ts';
import { staffRole } from './staff.ts';

export const apiKeyCreateSchema = z
  .strictObject({
    name: shortText(),
    role: staffRole.default('admin'),
    /** Required for (and only for) staff keys: whose calendar the key may touch. */
    staff_id: uuid.nullish(),
  })
  .superRefine((key, ctx) => {
    if (key.role === 'staff' && !key.staff_id) {
      ctx.addIssue({
        code: 'custom',
        path: ['staff_id'],
        message: 'a staff key names its staff member',
      });
    }
    if (key.role !== 'staff' && key.staff_id) {
      ctx.addIssue({
        code: 'custom',
        path: ['staff_id'],
        message: 'only staff keys name a staff member',
      });
    }
  });

export const apiKeySchema = z.object({
  id: uuid,
  name: z.string(),
  role: staffRole,
  staff_id: uuid.nullable(),
  key_prefix: z.string(),
  last_used_at: instant.nullable(),
  revoked_at: instant.nullable(),
  created_at: instant,
});

/** Returned once, on creation: the key itself is never stored. */
export const apiKeyCreatedSchema = z.object({ api_key: z.string(), key: apiKeySchema });

export type ApiKeyCreate = z.infer<typeof apiKeyCreateSchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>;
