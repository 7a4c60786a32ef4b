import { z } from 'zod';
import { instant, phone, shortText, uuid } from './common.ts';

export const customerUpdateSchema = z
  .strictObject({
    name: shortText(),
    phone: phone.nullable(),
    notes: z.string().max(5000).nullable(),
    tags: z.array(z.string().trim().min(1).max(100)).max(50),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

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

export type CustomerUpdate = z.infer<typeof customerUpdateSchema>;
export type Customer = z.infer<typeof customerSchema>;
