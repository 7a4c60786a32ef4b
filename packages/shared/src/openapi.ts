import { z } from 'zod';
import * as s from './schemas/index.ts';

/**
 * The OpenAPI 3.1 document of API v1, generated from the same zod schemas the API
 * validates with and the widget types its client with (STYLE.md rule 4), so the
 * document cannot drift from the contract. Served at `GET /api/booking/v1/openapi.json`.
 */
interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** `tenant-key`: a tenant's key or a member's session cookie; `session`: the cookie only. */
  auth?: 'tenant-key' | 'platform-key' | 'manage-token' | 'session';
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success status and schema; null for an empty body. */
  success: [number, z.ZodType | null];
  /** Error codes this operation is known to answer with. */
  errors?: number[];
  /** Request headers the operation reads (beyond authorization). */
  headers?: Array<{ name: string; required: boolean }>;
}

const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
const T = '/tenants/{tenant_id}';

const operations: Operation[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Service and database health',
    tag: 'meta',
    success: [200, s.healthSchema],
    errors: [503],
  },
  {
    method: 'get',
    path: '/{tenant}',
    summary: 'Public profile of a business',
    tag: 'public',
    success: [200, s.tenantProfileSchema],
    errors: [404],
  },
  {
    method: 'get',
    path: '/{tenant}/services',
    summary: 'Bookable services',
    tag: 'public',
    success: [200, list(s.serviceSchema)],
  },
  {
    method: 'get',
    path: '/{tenant}/services/{id}',
    summary: 'One service, by id or slug',
    tag: 'public',
    success: [200, s.serviceSchema],
    errors: [404],
  },
  {
    method: 'get',
    path: '/{tenant}/staff',
    summary: 'Staff (public fields)',
    tag: 'public',
    success: [200, list(s.publicStaffSchema)],
  },
  {
    method: 'get',
    path: '/{tenant}/staff/{id}',
    summary: 'One staff member',
    tag: 'public',
    success: [200, s.publicStaffSchema],
    errors: [404],
  },
  {
    method: 'get',
    path: '/{tenant}/locations',
    summary: 'Locations',
    tag: 'public',
    success: [200, list(s.locationSchema)],
  },
  {
    method: 'get',
    path: '/{tenant}/availability',
    summary: 'Bookable start times (DESIGN §3)',
    tag: 'public',
    query: s.availabilityQuerySchema,
    success: [200, s.availabilityResponseSchema],
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/{tenant}/holds',
    summary: 'Hold a slot while the customer finishes',
    tag: 'public',
    body: s.holdRequestSchema,
    success: [201, s.holdSchema],
    errors: [400, 403, 404, 409, 429],
  },
  {
    method: 'delete',
    path: '/{tenant}/holds/{hold_id}',
    summary: 'Release a hold',
    tag: 'public',
    success: [204, null],
    errors: [404],
  },
  {
    method: 'post',
    path: '/{tenant}/appointments',
    summary: 'Book (honours Idempotency-Key); a deposit comes back as `payment`',
    tag: 'public',
    body: s.bookingRequestSchema,
    success: [201, s.bookingResponseSchema],
    errors: [400, 403, 404, 409, 422, 429, 503],
  },
  {
    method: 'get',
    path: '/{tenant}/appointments/{id}',
    summary: "The customer's view of an appointment",
    tag: 'manage',
    auth: 'manage-token',
    success: [200, s.appointmentSchema],
    errors: [401, 404],
  },
  {
    method: 'put',
    path: '/{tenant}/appointments/{id}/reschedule',
    summary: 'Move to another time',
    tag: 'manage',
    auth: 'manage-token',
    body: s.rescheduleRequestSchema,
    success: [200, s.appointmentSchema],
    errors: [400, 401, 404, 409],
  },
  {
    method: 'delete',
    path: '/{tenant}/appointments/{id}/cancel',
    summary: 'Cancel',
    tag: 'manage',
    auth: 'manage-token',
    body: s.cancelRequestSchema,
    success: [200, s.appointmentSchema],
    errors: [401, 404, 409],
  },
  {
    method: 'get',
    path: '/{tenant}/appointments/{id}/calendar.ics',
    summary: 'iCalendar (RFC 5545) VEVENT',
    tag: 'manage',
    auth: 'manage-token',
    success: [200, z.string()],
    errors: [401, 404],
  },
  {
    method: 'post',
    path: '/tenants',
    summary: 'Create a tenant (SiteSprintz, integrated mode)',
    tag: 'tenants',
    auth: 'platform-key',
    body: s.tenantCreateSchema,
    success: [201, s.tenantCreatedSchema],
    errors: [400, 401, 409],
  },
  {
    method: 'post',
    path: '/signup',
    summary: 'Standalone signup: the business, its owner, and a session cookie',
    tag: 'accounts',
    body: s.signupSchema,
    success: [201, s.signupResponseSchema],
    errors: [400, 403, 409, 429],
  },
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in (sets the session cookie); the same 401 for any wrong pair',
    tag: 'accounts',
    body: s.loginSchema,
    success: [200, s.accountSchema],
    errors: [400, 401, 403, 429],
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out: the session ends everywhere it was used',
    tag: 'accounts',
    auth: 'session',
    success: [204, null],
    errors: [403],
  },
  {
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in person, their businesses and the CSRF token',
    tag: 'accounts',
    auth: 'session',
    success: [200, s.accountSchema],
    errors: [401],
  },
  {
    method: 'post',
    path: '/auth/password-reset',
    summary: 'E-mail a reset link (202 whether or not the address has an account)',
    tag: 'accounts',
    body: s.passwordResetRequestSchema,
    success: [202, null],
    errors: [400, 429],
  },
  {
    method: 'post',
    path: '/auth/password-reset/confirm',
    summary: 'Set a new password from a reset link; ends every session',
    tag: 'accounts',
    body: s.passwordResetConfirmSchema,
    success: [204, null],
    errors: [400],
  },
  {
    method: 'post',
    path: '/auth/verify-email',
    summary: 'Confirm the e-mail address from its link',
    tag: 'accounts',
    body: s.emailVerificationSchema,
    success: [204, null],
    errors: [400],
  },
  {
    method: 'post',
    path: '/auth/verify-email/resend',
    summary: 'Send the verification link again',
    tag: 'accounts',
    auth: 'session',
    success: [202, null],
    errors: [401, 403, 429],
  },
  {
    method: 'post',
    path: '/auth/accept-invitation',
    summary: 'Join a business from an invitation (signs in)',
    tag: 'accounts',
    body: s.acceptInvitationSchema,
    success: [200, s.accountSchema],
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/auth/login-links/{token}',
    summary: 'Follow a platform login link: sets the session cookie and redirects to /app',
    tag: 'accounts',
    success: [303, null],
  },
  {
    method: 'post',
    path: '/platform/login-links',
    summary: 'A one-time, five-minute URL that signs an owner into /app (integrated mode)',
    tag: 'platform',
    auth: 'platform-key',
    body: s.loginLinkCreateSchema,
    success: [201, s.loginLinkSchema],
    errors: [400, 401, 404],
  },
  {
    method: 'put',
    path: '/platform/tenants/{tenant_id}/plan',
    summary: "Set an integrated business's plan",
    tag: 'platform',
    auth: 'platform-key',
    body: s.planChangeSchema,
    success: [200, s.planSchema],
    errors: [400, 401, 404, 409],
  },
  {
    method: 'get',
    path: `${T}/plan`,
    summary: 'The plan, its limits and current usage',
    tag: 'tenants',
    auth: 'tenant-key',
    success: [200, s.planSchema],
    errors: [401, 404],
  },
  {
    method: 'put',
    path: `${T}/plan`,
    summary: 'Change plan (standalone owners, when no billing is set up)',
    tag: 'tenants',
    auth: 'tenant-key',
    body: s.planChangeSchema,
    success: [200, s.planSchema],
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'post',
    path: `${T}/invitations`,
    summary: 'Invite a team member by e-mail',
    tag: 'accounts',
    auth: 'tenant-key',
    body: s.invitationCreateSchema,
    success: [201, s.invitationSchema],
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: `${T}/invitations`,
    summary: 'Pending invitations',
    tag: 'accounts',
    auth: 'tenant-key',
    success: [200, list(s.invitationSchema)],
    errors: [401, 403, 404],
  },
  {
    method: 'delete',
    path: `${T}/invitations/{id}`,
    summary: 'Withdraw an invitation',
    tag: 'accounts',
    auth: 'tenant-key',
    success: [204, null],
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: T,
    summary: 'The tenant',
    tag: 'tenants',
    auth: 'tenant-key',
    success: [200, s.tenantSchema],
    errors: [401, 404],
  },
  {
    method: 'put',
    path: T,
    summary: 'Update settings',
    tag: 'tenants',
    auth: 'tenant-key',
    body: s.tenantUpdateSchema,
    success: [200, s.tenantSchema],
    errors: [400, 401, 403, 404],
  },
  {
    method: 'delete',
    path: T,
    summary: 'Delete the tenant and all its data',
    tag: 'tenants',
    auth: 'tenant-key',
    success: [204, null],
    errors: [401, 403, 404],
  },
  ...crud('staff', s.staffCreateSchema, s.staffUpdateSchema, s.staffSchema),
  ...crud('services', s.serviceCreateSchema, s.serviceUpdateSchema, s.serviceSchema),
  ...crud('locations', s.locationCreateSchema, s.locationUpdateSchema, s.locationSchema),
  ...crud(
    'availability-rules',
    s.availabilityRuleCreateSchema,
    s.availabilityRuleUpdateSchema,
    s.availabilityRuleSchema,
  ),
  ...crud('widgets', s.widgetCreateSchema, s.widgetUpdateSchema, s.widgetSchema),
  ...crud('webhooks', s.webhookCreateSchema, s.webhookUpdateSchema, s.webhookSchema),
  {
    method: 'get',
    path: `${T}/widgets/{id}/embed-code`,
    summary: 'The embed snippet',
    tag: 'widgets',
    auth: 'tenant-key',
    success: [200, s.embedCodeSchema],
    errors: [401, 404],
  },
  {
    method: 'get',
    path: `${T}/webhooks/{id}/deliveries`,
    summary: 'Delivery attempts',
    tag: 'webhooks',
    auth: 'tenant-key',
    success: [200, list(s.webhookDeliverySchema)],
    errors: [401, 404],
  },
  {
    method: 'get',
    path: `${T}/customers`,
    summary: 'Customers',
    tag: 'customers',
    auth: 'tenant-key',
    query: s.customerListQuerySchema,
    success: [200, s.customerPageSchema],
    errors: [400, 401, 404],
  },
  {
    method: 'get',
    path: `${T}/customers/{id}`,
    summary: 'One customer',
    tag: 'customers',
    auth: 'tenant-key',
    success: [200, s.customerSchema],
    errors: [401, 404],
  },
  {
    method: 'put',
    path: `${T}/customers/{id}`,
    summary: 'Update a customer',
    tag: 'customers',
    auth: 'tenant-key',
    body: s.customerUpdateSchema,
    success: [200, s.customerSchema],
    errors: [400, 401, 404],
  },
  {
    method: 'get',
    path: `${T}/customers/{id}/export`,
    summary: 'GDPR export',
    tag: 'customers',
    auth: 'tenant-key',
    success: [200, s.customerExportSchema],
    errors: [401, 404],
  },
  {
    method: 'delete',
    path: `${T}/customers/{id}`,
    summary: 'GDPR erase',
    tag: 'customers',
    auth: 'tenant-key',
    success: [204, null],
    errors: [401, 404],
  },
  {
    method: 'post',
    path: `${T}/api-keys`,
    summary: 'Create a key (shown once)',
    tag: 'api-keys',
    auth: 'tenant-key',
    body: s.apiKeyCreateSchema,
    success: [201, s.apiKeyCreatedSchema],
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: `${T}/api-keys`,
    summary: 'Keys (never the secret)',
    tag: 'api-keys',
    auth: 'tenant-key',
    success: [200, list(s.apiKeySchema)],
    errors: [401, 403, 404],
  },
  {
    method: 'delete',
    path: `${T}/api-keys/{id}`,
    summary: 'Revoke a key',
    tag: 'api-keys',
    auth: 'tenant-key',
    success: [204, null],
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: `${T}/appointments`,
    summary: 'Appointments (filters, cursor)',
    tag: 'appointments',
    auth: 'tenant-key',
    query: s.adminAppointmentListQuerySchema,
    success: [200, s.pageOf(s.adminAppointmentSchema)],
    errors: [400, 401, 404],
  },
  {
    method: 'post',
    path: `${T}/appointments`,
    summary: 'Manual booking',
    tag: 'appointments',
    auth: 'tenant-key',
    body: s.adminBookingSchema,
    success: [201, s.bookingResponseSchema],
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'get',
    path: `${T}/appointments/{id}`,
    summary: 'One appointment',
    tag: 'appointments',
    auth: 'tenant-key',
    success: [200, s.adminAppointmentSchema],
    errors: [401, 404],
  },
  {
    method: 'put',
    path: `${T}/appointments/{id}`,
    summary: 'Status change, notes or move',
    tag: 'appointments',
    auth: 'tenant-key',
    body: s.adminAppointmentUpdateSchema,
    success: [200, s.adminAppointmentSchema],
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'get',
    path: `${T}/payment-settings`,
    summary: 'Stripe connection and cancellation window (secrets never shown)',
    tag: 'payments',
    auth: 'tenant-key',
    success: [200, s.paymentSettingsSchema],
    errors: [401, 403, 404],
  },
  {
    method: 'put',
    path: `${T}/payment-settings`,
    summary: 'Connect Stripe (own keys or a Connect account), set the cancellation window',
    tag: 'payments',
    auth: 'tenant-key',
    body: s.paymentSettingsUpdateSchema,
    success: [200, s.paymentSettingsSchema],
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/webhooks/stripe/{tenant_id}',
    summary: 'Stripe events for a business (signature checked against its webhook secret)',
    tag: 'payments',
    headers: [{ name: 'Stripe-Signature', required: true }],
    body: z.record(z.string(), z.unknown()),
    success: [200, s.stripeWebhookAckSchema],
    errors: [400, 404, 503],
  },
];

function crud(
  resource: string,
  create: z.ZodType,
  update: z.ZodType,
  item: z.ZodType,
): Operation[] {
  const path = `${T}/${resource}`;
  const base = { tag: resource, auth: 'tenant-key' as const };
  return [
    {
      ...base,
      method: 'post',
      path,
      summary: `Create (${resource})`,
      body: create,
      success: [201, item],
      errors: [400, 401, 403, 404],
    },
    {
      ...base,
      method: 'get',
      path,
      summary: `List (${resource})`,
      success: [200, list(item)],
      errors: [401, 404],
    },
    {
      ...base,
      method: 'get',
      path: `${path}/{id}`,
      summary: `One (${resource})`,
      success: [200, item],
      errors: [401, 404],
    },
    {
      ...base,
      method: 'put',
      path: `${path}/{id}`,
      summary: `Update (${resource})`,
      body: update,
      success: [200, item],
      errors: [400, 401, 403, 404],
    },
    {
      ...base,
      method: 'delete',
      path: `${path}/{id}`,
      summary: `Delete (${resource})`,
      success: [204, null],
      errors: [401, 403, 404],
    },
  ];
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

function queryParameters(schema: z.ZodType) {
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

export function buildOpenApiDocument(serverUrl = '/api/booking/v1'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const parameters = [
      ...pathParams,
      ...(op.query ? queryParameters(op.query) : []),
      ...(op.auth === 'manage-token'
        ? [{ name: 'token', in: 'query', required: true, schema: { type: 'string' } }]
        : []),
      ...(op.headers ?? []).map((header) => ({
        name: header.name,
        in: 'header',
        required: header.required,
        schema: { type: 'string' },
      })),
      ...(op.path === '/{tenant}/appointments' && op.method === 'post'
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 255 },
            },
          ]
        : []),
    ];
    const [status, success] = op.success;
    const responses: Record<string, unknown> = {
      [status]: success
        ? {
            description: 'Success',
            content: {
              [op.path.endsWith('.ics') ? 'text/calendar' : 'application/json']: {
                schema: jsonSchema(success, 'output'),
              },
            },
          }
        : { description: 'No content' },
    };
    for (const code of op.errors ?? [])
      responses[code] = { $ref: '#/components/responses/Problem' };
    paths[op.path] ??= {};
    const pathItem = paths[op.path]!;
    pathItem[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string) => c?.toUpperCase() ?? '')}`,
      ...(parameters.length ? { parameters } : {}),
      ...(op.auth === 'tenant-key'
        ? { security: [{ bearer: [] }, { session: [] }] }
        : op.auth === 'platform-key'
          ? { security: [{ bearer: [] }] }
          : op.auth === 'session'
            ? { security: [{ session: [] }] }
            : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'BookSprintz API',
      version: '1.0.0',
      description:
        'Embeddable booking for local businesses. Errors are RFC 9457 problem+json with a stable code.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'bsk_… tenant key, or the platform key',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'bs_session',
          description:
            'The owner app session (POST /auth/login). Writes also need the X-CSRF-Token header from /auth/me, and this origin.',
        },
      },
      responses: {
        Problem: {
          description: 'RFC 9457 problem details',
          content: {
            'application/problem+json': { schema: jsonSchema(s.problemSchema, 'output') },
          },
        },
      },
    },
  };
}
