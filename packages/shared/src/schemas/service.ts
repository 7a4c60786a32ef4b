import { z } from 'zod';
import {
  currencyCode,
  httpsUrl,
  instant,
  longText,
  minutes,
  patchFields,
  shortText,
  slug,
  uuid,
} from './common.ts';
import { resourceStatus } from './staff.ts';

export const bookingType = z.enum(['individual', 'group', 'class']);

const serviceFields = {
  slug,
  name: shortText(),
  description: longText().nullish(),
  category: shortText(100).nullish(),
  image_url: httpsUrl.nullish(),
  duration_minutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  price_cents: z.number().int().min(0).max(100_000_000),
  /** Defaults to the business's currency. */
  currency: currencyCode.optional(),
  deposit_required: z.boolean().default(false),
  deposit_amount_cents: z.number().int().min(0).max(100_000_000).nullish(),
  deposit_percentage: z.number().int().min(1).max(100).nullish(),
  booking_type: bookingType.default('individual'),
  max_capacity: z.number().int().min(1).max(1000).default(1),
  requires_approval: z.boolean().default(false),
  online_booking_enabled: z.boolean().default(true),
  available_with_staff: z.array(uuid).max(500).default([]),
  available_at_locations: z.array(uuid).max(100).default([]),
  buffer_time_before: minutes(240).default(0),
  buffer_time_after: minutes(240).default(0),
  /** Null: duration + buffer after (DESIGN §3.2). */
  slot_interval_minutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .nullish(),
  /** Null: the staff member's minimum notice. */
  min_notice_minutes: z
    .number()
    .int()
    .min(0)
    .max(90 * 24 * 60)
    .nullish(),
  display_order: z.number().int().min(0).max(100_000).default(0),
  status: resourceStatus.default('active'),
};

/** Rules that span fields; shared by create and update (applied to the merged result). */
export function checkServiceConsistency(
  service: {
    booking_type?: string | undefined;
    max_capacity?: number | undefined;
    deposit_required?: boolean | undefined;
    deposit_amount_cents?: number | null | undefined;
    deposit_percentage?: number | null | undefined;
    price_cents?: number | undefined;
  },
  addIssue: (path: string, message: string) => void,
): void {
  if (service.booking_type === 'individual' && (service.max_capacity ?? 1) !== 1) {
    addIssue('max_capacity', 'an individual service has a capacity of 1; use group or class');
  }
  if (service.deposit_amount_cents != null && service.deposit_percentage != null) {
    addIssue('deposit_percentage', 'give a fixed deposit or a percentage, not both');
  }
  if (
    service.deposit_required &&
    service.deposit_amount_cents == null &&
    service.deposit_percentage == null
  ) {
    addIssue('deposit_amount_cents', 'a required deposit needs an amount or a percentage');
  }
  if (service.deposit_required && (service.booking_type ?? 'individual') !== 'individual') {
    // A seat of a session has no time of its own to hold while the customer pays.
    addIssue('deposit_required', 'deposits are taken for individual services only');
  }
  if (
    service.deposit_amount_cents != null &&
    service.price_cents !== undefined &&
    service.deposit_amount_cents > service.price_cents
  ) {
    addIssue('deposit_amount_cents', 'the deposit cannot exceed the price');
  }
}

export const serviceCreateSchema = z
  .strictObject(serviceFields)
  .superRefine((service, ctx) =>
    checkServiceConsistency(service, (path, message) =>
      ctx.addIssue({ code: 'custom', path: [path], message }),
    ),
  );

export const serviceUpdateSchema = z
  .strictObject(patchFields(serviceFields))
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

/** The service object of API.md. */
export const serviceSchema = z.object({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  image_url: z.string().nullable(),
  duration_minutes: z.number().int(),
  price_cents: z.number().int(),
  currency: currencyCode,
  deposit_required: z.boolean(),
  deposit_amount_cents: z.number().int().nullable(),
  deposit_percentage: z.number().int().nullable(),
  booking_type: bookingType,
  max_capacity: z.number().int(),
  requires_approval: z.boolean(),
  online_booking_enabled: z.boolean(),
  available_with_staff: z.array(uuid),
  available_at_locations: z.array(uuid),
  buffer_time_before: z.number().int(),
  buffer_time_after: z.number().int(),
  slot_interval_minutes: z.number().int().nullable(),
  min_notice_minutes: z.number().int().nullable(),
  display_order: z.number().int(),
  status: resourceStatus,
  created_at: instant.optional(),
  updated_at: instant.optional(),
});

export type ServiceCreate = z.infer<typeof serviceCreateSchema>;
export type ServiceUpdate = z.infer<typeof serviceUpdateSchema>;
export type Service = z.infer<typeof serviceSchema>;
