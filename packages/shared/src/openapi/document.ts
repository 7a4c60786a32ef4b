import { z } from 'zod';
import { problemSchema } from '../schemas/problem.ts';
import { adminOperations } from './admin-operations.ts';
import { namedResponses, namedSchemas } from './components.ts';
import type { Operation } from './operation.ts';
import { publicOperations } from './public-operations.ts';

/**
 * Every documented route of API v1. `packages/api/src/routes/openapi-coverage.test.ts`
 * compares this list with the routes the Hono app really serves, both ways, so a route
 * cannot be added or removed on one side only.
 */
export const operations: Operation[] = [...publicOperations, ...adminOperations];

type JsonSchema = Record<string, unknown>;

const NO_NAMES = z.registry<{ id: string }>();
const COMPONENT_REF = '#/components/schemas/';

/**
 * Converts with zod's own JSON Schema generator. Response schemas named in
 * `namedResponses` come out as `$defs`; they are lifted into `components` and their
 * references pointed there.
 */
function toJsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...json
  } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    metadata: io === 'output' ? namedResponses : NO_NAMES,
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= pointAtComponents(def);
  return pointAtComponents(json);
}

function pointAtComponents<T>(json: T): T {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENT_REF}`)) as T;
}

function queryParameters(schema: z.ZodType, components: Record<string, JsonSchema>) {
  const json = toJsonSchema(schema, 'input', components) as {
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

function operationId(op: Operation): string {
  const words = op.path
    .replace(/[{}]/g, '')
    .replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string) => (c ? c.toUpperCase() : ''));
  return `${op.method}${words}`;
}

function pathItemEntry(op: Operation, components: Record<string, JsonSchema>) {
  const parameters = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...(op.query ? queryParameters(op.query, components) : []),
    ...(op.auth === 'manage-token'
      ? [{ name: 'token', in: 'query', required: true, schema: { type: 'string' } }]
      : []),
    ...op.headers.map(({ name, required, maxLength }) => ({
      name,
      in: 'header',
      required,
      schema: { type: 'string', ...(maxLength ? { maxLength } : {}) },
    })),
  ];
  const [status, success] = op.success;
  const responses: Record<string, unknown> = {
    [status]: success
      ? {
          description: 'Success',
          content: { [op.contentType]: { schema: toJsonSchema(success, 'output', components) } },
        }
      : { description: 'No content' },
  };
  for (const code of op.errors) responses[code] = { $ref: '#/components/responses/Problem' };
  return {
    summary: op.summary,
    tags: [op.tag],
    operationId: operationId(op),
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
            content: {
              'application/json': { schema: toJsonSchema(op.body, 'input', components) },
            },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of API v1, generated from the same zod schemas the API
 * validates with (STYLE.md rule 4). Served at `GET /api/booking/v1/openapi.json` and
 * written to `packages/client/openapi.json`, from which the client's types are made.
 */
export function buildOpenApiDocument(serverUrl = '/api/booking/v1'): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  const problem = toJsonSchema(problemSchema, 'output', components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = pathItemEntry(op, components);
  }
  for (const schema of namedSchemas) toJsonSchema(schema, 'output', components);
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
      schemas: Object.fromEntries(
        Object.entries(components).sort(([a], [b]) => a.localeCompare(b)),
      ),
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
          content: { 'application/problem+json': { schema: problem } },
        },
      },
    },
  };
}
