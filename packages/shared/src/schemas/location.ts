import { z } from 'zod';
import { email, instant, patchFields, phone, shortText, timeZone, uuid } from './common.ts';
import { resourceStatus } from './staff.ts';

const locationFields = {
  name: shortText(),
  address_line1: shortText().nullish(),
  address_line2: shortText().nullish(),
  city: shortText(100).nullish(),
  state: shortText(100).nullish(),
  postal_code: shortText(20).nullish(),
  country: shortText(100).default('US'),
  /** Defaults to the business's zone. */
  timezone: timeZone.optional(),
  phone: phone.nullish(),
  email: email.nullish(),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  is_primary: z.boolean().default(false),
  display_order: z.number().int().min(0).max(100_000).default(0),
  status: resourceStatus.default('active'),
};

export const locationCreateSchema = z.strictObject(locationFields);

export const locationUpdateSchema = z
  .strictObject(patchFields(locationFields))
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const locationSchema = z.object({
  id: uuid,
  name: z.string(),
  /** The name as a URL handle (`main-street`), for the widget's `location` attribute; not unique. */
  slug: z.string(),
  address_line1: z.string().nullable(),
  address_line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string(),
  timezone: timeZone,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  is_primary: z.boolean(),
  display_order: z.number().int(),
  status: resourceStatus,
  created_at: instant.optional(),
  updated_at: instant.optional(),
});

export type LocationCreate = z.infer<typeof locationCreateSchema>;
export type LocationUpdate = z.infer<typeof locationUpdateSchema>;
export type Location = z.infer<typeof locationSchema>;
