import { getDomain } from 'tldts';
import { z } from 'zod';
import { instant, jsonRecord, patchFields, shortText, uuid } from './common.ts';

/**
 * An allowed embedding domain: a host (`salon.example`, any scheme and port), a
 * wildcard for its subdomains (`*.salon.example`), or one exact origin
 * (`https://salon.example:8443`). A wildcard needs a registrable domain under it (not
 * `*.com`, `*.co.uk` or `*.github.io`; the Public Suffix List, via tldts, says which).
 */
export const allowedDomain = z
  .string()
  .max(253)
  .regex(
    /^(https?:\/\/)?(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/,
    'must be a host (salon.example), *.host, or an origin (https://salon.example)',
  )
  .superRefine((entry, ctx) => {
    if (!entry.includes('*')) return;
    if (entry.includes('://')) {
      // An origin is matched exactly, so `https://*.salon.example` would match nothing.
      ctx.addIssue({
        code: 'custom',
        message: 'a wildcard is a host pattern without a scheme: *.salon.example',
      });
      return;
    }
    const domain = entry.slice(2).split(':')[0] ?? '';
    // `*.com` or `*.co.uk` would let every site of a public suffix embed the widget.
    if (getDomain(domain, { allowPrivateDomains: true }) === null) {
      ctx.addIssue({
        code: 'custom',
        message: `*.${domain} would allow every site under a public suffix; name the business's own domain`,
      });
    }
  });

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
