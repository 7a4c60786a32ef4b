import { z } from 'zod';
import * as s from '../schemas/index.ts';

/**
 * Response schemas that get a name under `#/components/schemas`, so generated clients
 * have `Service`, `Appointment`… instead of anonymous inline types. Only responses:
 * a request body's input shape differs (defaults make fields optional) and stays inline.
 * Adding a name here is a one-liner; nothing else changes.
 */
export const namedResponses = z.registry<{ id: string }>();

const names: Array<[z.ZodType, string]> = [
  [s.problemSchema, 'Problem'],
  [s.healthSchema, 'Health'],
  [s.tenantProfileSchema, 'TenantProfile'],
  [s.tenantProfileWithListsSchema, 'TenantProfileWithLists'],
  [s.serviceSchema, 'Service'],
  [s.publicStaffSchema, 'PublicStaff'],
  [s.locationSchema, 'Location'],
  [s.slotSchema, 'Slot'],
  [s.availabilityResponseSchema, 'Availability'],
  [s.holdSchema, 'Hold'],
  [s.appointmentSchema, 'Appointment'],
  [s.paymentSchema, 'Payment'],
  [s.bookingResponseSchema, 'BookingResponse'],
  [s.tenantSchema, 'Tenant'],
  [s.tenantCreatedSchema, 'TenantCreated'],
  [s.staffSchema, 'Staff'],
  [s.availabilityRuleSchema, 'AvailabilityRule'],
  [s.widgetSchema, 'Widget'],
  [s.embedCodeSchema, 'EmbedCode'],
  [s.webhookSchema, 'Webhook'],
  [s.webhookCreatedSchema, 'WebhookCreated'],
  [s.webhookDeliverySchema, 'WebhookDelivery'],
  [s.customerSchema, 'Customer'],
  [s.customerExportSchema, 'CustomerExport'],
  [s.apiKeySchema, 'ApiKey'],
  [s.apiKeyCreatedSchema, 'ApiKeyCreated'],
  [s.adminAppointmentSchema, 'AdminAppointment'],
  [s.paymentSettingsSchema, 'PaymentSettings'],
  [s.liveSlotMessageSchema, 'LiveSlotMessage'],
];
for (const [schema, id] of names) namedResponses.add(schema, { id });

/** Every named schema, so those no route answers with (the live socket's messages) are in the document too. */
export const namedSchemas: z.ZodType[] = names.map(([schema]) => schema);
