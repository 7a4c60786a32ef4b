import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bookingRequestSchema, serviceSchema } from '../schemas/index.ts';
import { buildOpenApiDocument, operations } from './document.ts';
import { op } from './operation.ts';

// biome-ignore lint/suspicious/noExplicitAny: the test walks a JSON document by known paths
type Json = any;
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument() as Document;

  it('is OpenAPI 3.1 with one entry per operation and unique operation ids', () => {
    expect(document.openapi).toBe('3.1.0');
    const entries = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(entries).toHaveLength(operations.length);
    const ids = entries.map((entry) => entry.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes request bodies with the contract field names, from the zod schemas', () => {
    const booking = document.paths['/{tenant}/appointments']!.post!;
    const schema = booking.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(
      Object.keys(bookingRequestSchema.shape).sort(),
    );
    expect(booking.responses['409']).toEqual({ $ref: '#/components/responses/Problem' });
    expect(booking.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
  });

  it('names response schemas once under components and refers to them', () => {
    const list = document.paths['/{tenant}/services']!.get!.responses['200'];
    expect(list.content['application/json'].schema.properties.data.items).toEqual({
      $ref: '#/components/schemas/Service',
    });
    expect(Object.keys(document.components.schemas.Service.properties).sort()).toEqual(
      Object.keys(serviceSchema.shape).sort(),
    );
    // Every reference resolves.
    const refs = JSON.stringify(document).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) {
      expect(document.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
    expect(JSON.stringify(document)).not.toContain('$defs');
  });

  it('puts query schemas as query parameters, required where the schema requires', () => {
    const parameters = document.paths['/{tenant}/availability']!.get!.parameters as Array<{
      name: string;
      in: string;
      required: boolean;
    }>;
    expect(parameters).toContainEqual(
      expect.objectContaining({ name: 'tenant', in: 'path', required: true }),
    );
    expect(parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['service_id', 'date', 'timezone']),
    );
  });
});

describe('op()', () => {
  it.each([
    ['get /{tenant}/staff/{id}', {}, 'public', 'none', 200, [404]],
    ['post /{tenant}/holds', { body: z.object({}) }, 'public', 'none', 201, [400, 403, 404, 429]],
    ['get /tenants/{tenant_id}/staff', {}, 'staff', 'tenant-key', 200, [401, 404]],
    ['delete /tenants/{tenant_id}/staff/{id}', {}, 'staff', 'tenant-key', 204, [401, 403, 404]],
    [
      'put /tenants/{tenant_id}',
      { body: z.object({}) },
      'tenants',
      'tenant-key',
      200,
      [400, 401, 403, 404],
    ],
  ] as const)(
    '%s derives tag, auth, status and errors from the path',
    (route, extra, tag, auth, status, errors) => {
      const ok = route.startsWith('delete') ? null : z.object({});
      const operation = op(route, 'x', { ok, ...extra });
      expect(operation).toMatchObject({ tag, auth, errors: [...errors] });
      expect(operation.success[0]).toBe(status);
    },
  );
});
