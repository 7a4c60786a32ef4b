import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.ts';

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument() as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          responses: Record<string, unknown>;
          requestBody?: {
            content: Record<string, { schema: { properties?: Record<string, unknown> } }>;
          };
        }
      >
    >;
  };

  it('is OpenAPI 3.1 and covers every path of API.md', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const path of [
      '/health',
      '/{tenant}',
      '/{tenant}/availability',
      '/{tenant}/holds',
      '/{tenant}/holds/{hold_id}',
      '/{tenant}/appointments',
      '/{tenant}/appointments/{id}/reschedule',
      '/{tenant}/appointments/{id}/cancel',
      '/{tenant}/appointments/{id}/calendar.ics',
      '/tenants',
      '/signup',
      '/auth/login',
      '/auth/me',
      '/auth/password-reset/confirm',
      '/auth/accept-invitation',
      '/platform/login-links',
      '/tenants/{tenant_id}/plan',
      '/tenants/{tenant_id}/invitations',
      '/tenants/{tenant_id}/staff',
      '/tenants/{tenant_id}/availability-rules/{id}',
      '/tenants/{tenant_id}/widgets/{id}/embed-code',
      '/tenants/{tenant_id}/customers/{id}/export',
      '/tenants/{tenant_id}/api-keys',
      '/tenants/{tenant_id}/webhooks/{id}/deliveries',
      '/tenants/{tenant_id}/appointments/{id}',
      '/tenants/{tenant_id}/payment-settings',
      '/webhooks/stripe/{tenant_id}',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
  });

  it('describes bodies with the contract field names, from the zod schemas', () => {
    const booking = document.paths['/{tenant}/appointments']!.post!;
    const schema = booking.requestBody!.content['application/json']!.schema;
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining([
        'service_id',
        'staff_id',
        'start_time',
        'hold_id',
        'customer',
        'timezone',
      ]),
    );
    expect(booking.responses['409']).toBeDefined();
  });
});
