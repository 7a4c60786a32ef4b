import type { z } from 'zod';
import * as s from '../schemas/index.ts';
import { type Operation, op } from './operation.ts';

const T = '/tenants/{tenant_id}' as const;

/** Creating tenants, and everything under `/tenants/{tenant_id}` with the tenant's key. */
export const adminOperations: Operation[] = [
  op('post /tenants', 'Create a tenant (SiteSprintz, integrated mode)', {
    auth: 'platform-key',
    tag: 'tenants',
    body: s.tenantCreateSchema,
    ok: s.tenantCreatedSchema,
    moreErrors: [409],
  }),
  op('post /signup', 'Standalone signup: the business, its owner, and a session cookie', {
    tag: 'accounts',
    body: s.signupSchema,
    ok: s.signupResponseSchema,
    moreErrors: [403, 409, 429],
  }),
  op('post /auth/login', 'Sign in (sets the session cookie); the same 401 for any wrong pair', {
    tag: 'accounts',
    body: s.loginSchema,
    ok: s.accountSchema,
    status: 200,
    moreErrors: [401, 403, 429],
  }),
  op('post /auth/logout', 'Sign out: the session ends', {
    tag: 'accounts',
    auth: 'session',
    ok: null,
    moreErrors: [403],
  }),
  op('get /auth/me', 'The signed-in person, their businesses and the CSRF token', {
    tag: 'accounts',
    auth: 'session',
    ok: s.accountSchema,
    moreErrors: [401],
  }),
  op(
    'post /auth/password-reset',
    'E-mail a reset link (202 whether or not the address has an account)',
    {
      tag: 'accounts',
      body: s.passwordResetRequestSchema,
      ok: null,
      status: 202,
      moreErrors: [429],
    },
  ),
  op(
    'post /auth/password-reset/confirm',
    'Set a new password from a reset link; ends every session',
    {
      tag: 'accounts',
      body: s.passwordResetConfirmSchema,
      ok: null,
    },
  ),
  op('post /auth/verify-email', 'Confirm the e-mail address from its link', {
    tag: 'accounts',
    body: s.emailVerificationSchema,
    ok: null,
  }),
  op('post /auth/verify-email/resend', 'Send the verification link again', {
    tag: 'accounts',
    auth: 'session',
    ok: null,
    status: 202,
    moreErrors: [401, 403, 429],
  }),
  op('post /auth/accept-invitation', 'Join a business from an invitation (signs in)', {
    tag: 'accounts',
    body: s.acceptInvitationSchema,
    ok: s.accountSchema,
    status: 200,
    moreErrors: [401, 403],
  }),
  op(
    'get /auth/login-links/{token}',
    'Follow a platform login link: sets the cookie, redirects to /app',
    {
      tag: 'accounts',
      ok: null,
      status: 303,
    },
  ),
  op('post /platform/login-links', 'A one-time, five-minute URL that signs an owner into /app', {
    tag: 'platform',
    auth: 'platform-key',
    body: s.loginLinkCreateSchema,
    ok: s.loginLinkSchema,
    moreErrors: [401, 404],
  }),
  op('put /platform/tenants/{tenant_id}/plan', "Set an integrated business's plan", {
    tag: 'platform',
    auth: 'platform-key',
    body: s.planChangeSchema,
    ok: s.planSchema,
    moreErrors: [401, 404, 409],
  }),
  op(`get ${T}/plan`, 'The plan, its limits and current usage', {
    tag: 'tenants',
    ok: s.planSchema,
  }),
  op(`put ${T}/plan`, 'Change plan (standalone owners, when no billing is set up)', {
    tag: 'tenants',
    body: s.planChangeSchema,
    ok: s.planSchema,
    moreErrors: [409],
  }),
  op(`post ${T}/invitations`, 'Invite a team member by e-mail', {
    tag: 'accounts',
    body: s.invitationCreateSchema,
    ok: s.invitationSchema,
  }),
  op(`get ${T}/invitations`, 'Pending invitations', {
    tag: 'accounts',
    ok: s.listOf(s.invitationSchema),
  }),
  op(`delete ${T}/invitations/{id}`, 'Withdraw an invitation', { tag: 'accounts', ok: null }),
  op(`get ${T}`, 'The tenant', { ok: s.tenantSchema }),
  op(`put ${T}`, 'Update settings', { body: s.tenantUpdateSchema, ok: s.tenantSchema }),
  op(`delete ${T}`, 'Delete the tenant and all its data', { ok: null }),

  ...crud('staff', s.staffCreateSchema, s.staffUpdateSchema, s.staffSchema),
  ...crud('services', s.serviceCreateSchema, s.serviceUpdateSchema, s.serviceSchema),
  ...crud('locations', s.locationCreateSchema, s.locationUpdateSchema, s.locationSchema),
  ...crud(
    'availability-rules',
    s.availabilityRuleCreateSchema,
    s.availabilityRuleUpdateSchema,
    s.availabilityRuleSchema,
    { listQuery: s.availabilityRuleListQuerySchema },
  ),
  ...crud('widgets', s.widgetCreateSchema, s.widgetUpdateSchema, s.widgetSchema),
  op(`get ${T}/widgets/{id}/embed-code`, 'The embed snippet', { ok: s.embedCodeSchema }),
  ...crud('webhooks', s.webhookCreateSchema, s.webhookUpdateSchema, s.webhookSchema, {
    created: s.webhookCreatedSchema,
  }),
  op(`get ${T}/webhooks/{id}/deliveries`, 'Delivery attempts, newest first', {
    query: s.webhookDeliveryListQuery,
    ok: s.webhookDeliveryPageSchema,
  }),
  op(`post ${T}/webhooks/{id}/test`, 'Send a test event now', {
    ok: s.webhookDeliverySchema,
    status: 200,
  }),

  op(`get ${T}/customers`, 'Customers', {
    query: s.customerListQuerySchema,
    ok: s.customerPageSchema,
  }),
  op(`get ${T}/customers/{id}`, 'One customer', { ok: s.customerSchema }),
  op(`put ${T}/customers/{id}`, 'Update a customer', {
    body: s.customerUpdateSchema,
    ok: s.customerSchema,
  }),
  op(`get ${T}/customers/{id}/export`, 'GDPR export', { ok: s.customerExportSchema }),
  op(`delete ${T}/customers/{id}`, 'GDPR erase', { ok: null }),

  op(`post ${T}/api-keys`, 'Create a key (shown once)', {
    body: s.apiKeyCreateSchema,
    ok: s.apiKeyCreatedSchema,
  }),
  op(`get ${T}/api-keys`, 'Keys (never the secret)', { ok: s.listOf(s.apiKeySchema) }),
  op(`delete ${T}/api-keys/{id}`, 'Revoke a key', { ok: null }),

  op(`get ${T}/appointments`, 'Appointments (filters, cursor)', {
    query: s.adminAppointmentListQuerySchema,
    ok: s.pageOf(s.adminAppointmentSchema),
  }),
  op(`post ${T}/appointments`, 'Manual booking', {
    body: s.adminBookingSchema,
    ok: s.bookingResponseSchema,
    moreErrors: [409],
  }),
  op(`get ${T}/appointments/{id}`, 'One appointment', { ok: s.adminAppointmentSchema }),
  op(`put ${T}/appointments/{id}`, 'Status change, notes or move', {
    body: s.adminAppointmentUpdateSchema,
    ok: s.adminAppointmentSchema,
    moreErrors: [409],
  }),

  op(
    `get ${T}/payment-settings`,
    'Stripe connection and cancellation window (secrets never shown)',
    {
      ok: s.paymentSettingsSchema,
      moreErrors: [403],
    },
  ),
  op(
    `put ${T}/payment-settings`,
    'Connect Stripe (own keys or a Connect account), set the cancellation window',
    {
      body: s.paymentSettingsUpdateSchema,
      ok: s.paymentSettingsSchema,
      moreErrors: [409],
    },
  ),

  op(`get ${T}/staff/{staff_id}/calendar-feed`, "The staff member's secret ICS feed URL", {
    tag: 'calendar',
    ok: s.calendarFeedSchema,
  }),
  op(
    `post ${T}/staff/{staff_id}/calendar-feed/rotate`,
    'A new feed URL; the old one stops working',
    {
      tag: 'calendar',
      ok: s.calendarFeedSchema,
      status: 200,
    },
  ),
  ...crud(
    'calendar-connections',
    s.connectionCreateSchema,
    s.connectionUpdateSchema,
    s.connectionSchema,
  ),
  op(`post ${T}/calendar-connections/{id}/sync`, 'Read the calendars now', {
    tag: 'calendar-connections',
    ok: s.connectionSyncSchema,
    status: 200,
    moreErrors: [502],
  }),
  op(`get ${T}/external-busy`, "Outside calendars' busy time over the business's days", {
    tag: 'calendar',
    query: s.externalBusyQuerySchema,
    ok: s.listOf(s.externalBusySchema),
  }),
  op(`get ${T}/analytics/overview`, 'Bookings, rates, revenue, staff utilisation, busy hours', {
    query: s.analyticsQuerySchema,
    ok: s.analyticsOverviewSchema,
  }),
  op(`get ${T}/analytics/revenue`, 'Revenue by day, deposits, refunds', {
    query: s.analyticsQuerySchema,
    ok: s.analyticsRevenueSchema,
  }),
  op(`get ${T}/analytics/customers`, 'New and returning customers, top customers', {
    query: s.analyticsQuerySchema,
    ok: s.analyticsCustomersSchema,
  }),
  op(`get ${T}/analytics/funnel`, "The embedded widget's funnel, by site and widget", {
    query: s.analyticsQuerySchema,
    ok: s.analyticsFunnelSchema,
  }),
];

/** The five routes of a plain resource: create, list, read, update, delete. */
function crud(
  resource: string,
  create: z.ZodType,
  update: z.ZodType,
  item: z.ZodType,
  options: { listQuery?: z.ZodType; created?: z.ZodType } = {},
): Operation[] {
  const path = `${T}/${resource}` as const;
  return [
    op(`post ${path}`, `Create (${resource})`, { body: create, ok: options.created ?? item }),
    op(`get ${path}`, `List (${resource})`, {
      ok: s.listOf(item),
      ...(options.listQuery ? { query: options.listQuery } : {}),
    }),
    op(`get ${path}/{id}`, `One (${resource})`, { ok: item }),
    op(`put ${path}/{id}`, `Update (${resource})`, { body: update, ok: item }),
    op(`delete ${path}/{id}`, `Delete (${resource})`, { ok: null }),
  ];
}
