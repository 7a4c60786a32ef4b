import { z } from 'zod';
import {
  email,
  httpsUrl,
  instant,
  longText,
  minutes,
  patchFields,
  phone,
  shortText,
  timeZone,
  uuid,
} from './common.ts';

export const staffRole = z.enum(['owner', 'admin', 'staff']);
export const resourceStatus = z.enum(['active', 'inactive', 'archived']);

const staffFields = {
  name: shortText(),
  email: email.nullish(),
  phone: phone.nullish(),
  title: shortText().nullish(),
  bio: longText().nullish(),
  avatar_url: httpsUrl.nullish(),
  role: staffRole.default('staff'),
  /** Null: the location's zone, then the business's. */
  timezone: timeZone.nullish(),
  buffer_time_before: minutes(240).default(0),
  buffer_time_after: minutes(240).default(0),
  max_advance_booking_days: z.number().int().min(1).max(730).default(90),
  min_advance_booking_hours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .default(2),
  /** Locations this person works at; empty = all. */
  location_ids: z.array(uuid).max(100).default([]),
  display_order: z.number().int().min(0).max(100_000).default(0),
  status: resourceStatus.default('active'),
};

export const staffCreateSchema = z.strictObject(staffFields);

export const staffUpdateSchema = z
  .strictObject(patchFields(staffFields))
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const staffSchema = z.object({
  id: uuid,
  name: z.string(),
  /** The name as a URL handle (`alex-rivera`), for the widget's `staff` attribute; not unique. */
  slug: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  bio: z.string().nullable(),
  avatar_url: z.string().nullable(),
  role: staffRole,
  timezone: z.string().nullable(),
  buffer_time_before: z.number().int(),
  buffer_time_after: z.number().int(),
  max_advance_booking_days: z.number().int(),
  min_advance_booking_hours: z.number().int(),
  location_ids: z.array(uuid),
  display_order: z.number().int(),
  status: resourceStatus,
  created_at: instant,
  updated_at: instant,
});

/** What customers may see of a staff member. */
export const publicStaffSchema = staffSchema.pick({
  id: true,
  name: true,
  slug: true,
  title: true,
  bio: true,
  avatar_url: true,
});

export type StaffCreate = z.infer<typeof staffCreateSchema>;
export type StaffUpdate = z.infer<typeof staffUpdateSchema>;
export type Staff = z.infer<typeof staffSchema>;
export type PublicStaff = z.infer<typeof publicStaffSchema>;
