import { z } from 'zod';
import { instant, jsonRecord, patchFields, shortText, uuid } from './common.ts';

/**
 * An allowed embedding domain: a host (`salon.example`, any scheme and port), a
 * wildcard for its subdomains (`*.salon.example`), or one exact origin
 * (`https://salon.example:8443`).
 */
export const allowedDomain = z
  .string()
  .max(253)
  .regex(
    /^(https?:\/\/)?(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/,
    'must be a host (salon.example), *.host, or an origin (https://salon.example)',
  );

export const widgetType = z.enum(['inline', 'popup', 'button']);

const widgetFields = {
  name: shortText(),
  widget_type: widgetType.default('inline'),
  theme: jsonRecord(z.union([z.string().max(500), z.number(), z.boolean()])).default({}),
  allowed_domains: z.array(allowedDomain).max(50).default([]),
  preselected_service_id: uuid.nullish(),
  preselected_staff_id: uuid.nullish(),
  preselected_location_id: uuid.nullish(),
};

export const widgetCreateSchema = z.strictObject(widgetFields);

export const widgetUpdateSchema = z
  .strictObject(patchFields(widgetFields))
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const widgetSchema = z.object({
  id: uuid,
  name: z.string(),
  widget_type: widgetType,
  theme: z.record(z.string(), z.unknown()),
  allowed_domains: z.array(z.string()),
  preselected_service_id: uuid.nullable(),
  preselected_staff_id: uuid.nullable(),
  preselected_location_id: uuid.nullable(),
  created_at: instant.optional(),
  updated_at: instant.optional(),
});

export const embedCodeSchema = z.object({ html: z.string(), widget_id: uuid });

export type WidgetCreate = z.infer<typeof widgetCreateSchema>;
export type WidgetUpdate = z.infer<typeof widgetUpdateSchema>;
export type Widget = z.infer<typeof widgetSchema>;
export type EmbedCode = z.infer<typeof embedCodeSchema>;
