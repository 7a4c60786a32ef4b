import { z } from 'zod';
import { instant, line, pageLimit, pageOf, phone, shortText, text, uuid } from './common.ts';

export const customerUpdateSchema = z
  .strictObject({
    name: shortText(),
    phone: phone.nullable(),
    notes: text(5000).nullable(),
    tags: z.array(line(100)).max(50),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

/** `GET …/customers`: exact email, or a name/email substring; newest first, by cursor. */
export const customerListQuerySchema = z.strictObject({
  email: line(255).optional(),
  q: line(200).optional(),
  limit: pageLimit,
  cursor: z.string().max(200).optional(),
});

export const customerSchema = z.object({
  id: uuid,
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  timezone: z.string().nullable(),
  locale: z.string().nullable(),
  sms_opt_in: z.boolean(),
  total_appointments: z.number().int(),
  total_spent_cents: z.number().int(),
  no_show_count: z.number().int(),
  cancellation_count: z.number().int(),
  last_appointment_at: instant.nullable(),
  created_at: instant,
});

/** `GET …/customers`: one page, and the cursor of the next (null on the last page). */
export const customerPageSchema = pageOf(customerSchema);

/** The whole stored customer row (minus ciphertexts, plus the decrypted phone), for export. */
export const customerRecordSchema = customerSchema.extend({
  status: z.enum(['active', 'blocked']),
  email_notifications: z.boolean(),
  marketing_opt_in: z.boolean(),
  preferred_staff_id: uuid.nullable(),
  preferred_location_id: uuid.nullable(),
  updated_at: instant,
});

/** One of the customer's appointments as a GDPR export shows it: what was booked and what they told us. */
export const customerAppointmentRecordSchema = z.object({
  id: uuid,
  confirmation_code: z.string(),
  status: z.string(),
  service_id: uuid,
  staff_id: uuid,
  location_id: uuid.nullable(),
  start_time: instant,
  end_time: instant,
  timezone: z.string().nullable(),
  locale: z.string(),
  customer_name: z.string(),
  customer_email: z.string(),
  customer_phone: z.string().nullable(),
  customer_notes: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
  internal_notes: z.string().nullable(),
  booking_source: z.string(),
  total_price_cents: z.number().int(),
  deposit_paid_cents: z.number().int(),
  currency: z.string(),
  payment_status: z.string(),
  cancelled_at: instant.nullable(),
  cancellation_reason: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: instant,
});

/** `GET …/customers/:id/export`: everything the tenant holds on one customer (GDPR art. 15). */
export const customerExportSchema = z.object({
  exported_at: instant,
  customer: customerRecordSchema,
  appointments: z.array(customerAppointmentRecordSchema),
});

export type CustomerUpdate = z.infer<typeof customerUpdateSchema>;
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;
export type Customer = z.infer<typeof customerSchema>;
export type CustomerPage = z.infer<typeof customerPageSchema>;
export type CustomerExport = z.infer<typeof customerExportSchema>;
