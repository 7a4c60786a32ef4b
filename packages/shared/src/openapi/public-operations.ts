import { z } from 'zod';
import * as s from '../schemas/index.ts';
import { type Operation, op } from './operation.ts';

/** The whole document itself is served too; its schema is "any JSON object". */
const openApiDocumentSchema = z.record(z.string(), z.unknown());

/** Key-less routes: health, the document, and everything a customer does under `/{tenant}`. */
export const publicOperations: Operation[] = [
  op('get /health', 'Service and database health', { ok: s.healthSchema, errors: [503] }),
  op('get /openapi.json', 'This document', { ok: openApiDocumentSchema }),

  op('get /{tenant}', 'Public profile of a business; `include` adds its lists (one request)', {
    query: s.tenantProfileQuerySchema,
    ok: s.tenantProfileWithListsSchema,
  }),
  op('get /{tenant}/services', 'Bookable services', { ok: s.listOf(s.serviceSchema) }),
  op('get /{tenant}/services/{ref}', 'One service, by id or slug', { ok: s.serviceSchema }),
  op('get /{tenant}/staff', 'Staff (public fields)', { ok: s.listOf(s.publicStaffSchema) }),
  op('get /{tenant}/staff/{ref}', 'One staff member, by id', { ok: s.publicStaffSchema }),
  op('get /{tenant}/locations', 'Locations', { ok: s.listOf(s.locationSchema) }),
  op('get /{tenant}/availability', 'Bookable start times (DESIGN §3)', {
    query: s.availabilityQuerySchema,
    ok: s.availabilityResponseSchema,
  }),
  op('post /{tenant}/holds', 'Hold a slot while the customer finishes', {
    body: s.holdRequestSchema,
    ok: s.holdSchema,
    moreErrors: [409],
  }),
  op('delete /{tenant}/holds/{hold_id}', 'Release a hold', { ok: null }),
  op(
    'post /{tenant}/appointments',
    'Book (honours Idempotency-Key); a deposit comes back as `payment`',
    {
      body: s.bookingRequestSchema,
      ok: s.bookingResponseSchema,
      moreErrors: [409, 422, 503],
      headers: [{ name: 'Idempotency-Key', required: false, maxLength: 255 }],
    },
  ),

  op('get /{tenant}/appointments/{id}', "The customer's view of an appointment", {
    auth: 'manage-token',
    tag: 'manage',
    ok: s.appointmentSchema,
  }),
  op('put /{tenant}/appointments/{id}/reschedule', 'Move to another time', {
    auth: 'manage-token',
    tag: 'manage',
    body: s.rescheduleRequestSchema,
    ok: s.appointmentSchema,
    moreErrors: [409],
  }),
  op('delete /{tenant}/appointments/{id}/cancel', 'Cancel', {
    auth: 'manage-token',
    tag: 'manage',
    body: s.cancelRequestSchema,
    ok: s.appointmentSchema,
    moreErrors: [409],
  }),
  op('post /{tenant}/events', 'A funnel step of the widget (sent with navigator.sendBeacon)', {
    body: s.funnelEventSchema,
    ok: null,
    moreErrors: [429],
  }),
  op('get /{tenant}/appointments/{id}/calendar.ics', 'iCalendar (RFC 5545) VEVENT', {
    auth: 'manage-token',
    tag: 'manage',
    ok: z.string(),
    contentType: 'text/calendar',
  }),

  op('get /feeds/{id}/{file}', "A staff member's appointments as an ICS feed (secret URL)", {
    tag: 'calendar',
    ok: z.string(),
    contentType: 'text/calendar',
  }),

  op(
    'post /webhooks/stripe/{tenant_id}',
    'Stripe events for a business (signature checked against its webhook secret)',
    {
      tag: 'payments',
      headers: [{ name: 'Stripe-Signature', required: true }],
      body: z.record(z.string(), z.unknown()),
      ok: s.stripeWebhookAckSchema,
      status: 200,
      moreErrors: [503],
    },
  ),
  op(
    'post /webhooks/stripe-billing',
    "Plan subscription events from the platform's own Stripe account (signature checked)",
    {
      tag: 'tenants',
      headers: [{ name: 'Stripe-Signature', required: true }],
      body: z.record(z.string(), z.unknown()),
      ok: s.stripeWebhookAckSchema,
      status: 200,
      moreErrors: [404, 503],
    },
  ),
  op(
    'get /oauth/{provider}/callback',
    'Where Google or Microsoft return after consent; redirects to /app/settings/calendars',
    {
      tag: 'calendar',
      query: z.object({
        state: z.string().optional(),
        code: z.string().optional(),
        error: z.string().optional(),
      }),
      ok: null,
      status: 302,
    },
  ),
  op(
    'post /webhooks/calendar/{connection_id}',
    'Google channel / Microsoft Graph subscription notifications (token or clientState checked)',
    {
      tag: 'calendar',
      body: z.record(z.string(), z.unknown()),
      ok: null,
      status: 202,
    },
  ),
];
