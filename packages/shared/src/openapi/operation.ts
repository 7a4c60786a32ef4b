import type { z } from 'zod';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call: nobody in particular, a tenant's key (or its owner's session), the platform key, a manage link. */
/** `tenant-key`: a tenant's key or a member's session cookie; `session`: the cookie only. */
export type Auth = 'none' | 'tenant-key' | 'platform-key' | 'manage-token' | 'session';

/** One documented route of API v1: what `buildOpenApiDocument` turns into a path item entry. */
export interface Operation {
  method: Method;
  /** OpenAPI path under the server URL `/api/booking/v1`, parameters as `{name}`. */
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  /** Success status and schema; null for an empty body. */
  success: [number, z.ZodType | null];
  /** Media type of the success body. */
  contentType: string;
  /** Error statuses this operation is known to answer with (all problem+json). */
  errors: number[];
  /** Request headers the operation reads (beyond authorization). */
  headers: Array<{ name: string; required: boolean; maxLength?: number }>;
}

/** What a line of the operation lists says; everything else has a default from the path. */
export interface OperationSpec {
  /** Success body schema; null for an empty body. */
  ok: z.ZodType | null;
  /** Success status; default 204 for an empty body, 201 for a POST, else 200. */
  status?: number;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Default: `tenant-key` under `/tenants/{tenant_id}`, else `none`. */
  auth?: Auth;
  /** Default: the resource after `/tenants/{tenant_id}/`, `public` under `/{tenant}`. */
  tag?: string;
  /** Replaces the error statuses derived from the path, auth and inputs. */
  errors?: number[];
  /** Adds to the derived error statuses. */
  moreErrors?: number[];
  headers?: Operation['headers'];
  contentType?: string;
}

const TENANT_RESOURCE = /^\/tenants\/\{tenant_id\}(?:\/([^/]+))?/;

/**
 * One route of the document in one line, e.g.
 * @example
 * op('get /{tenant}/services', 'Bookable services', { ok: listOf(serviceSchema) })
 */
export function op(route: `${Method} /${string}`, summary: string, spec: OperationSpec): Operation {
  const [method, path] = route.split(' ') as [Method, string];
  const adminMatch = TENANT_RESOURCE.exec(path);
  const auth: Auth = spec.auth ?? (adminMatch ? 'tenant-key' : 'none');
  const tag =
    spec.tag ??
    (adminMatch ? (adminMatch[1] ?? 'tenants') : path.startsWith('/{tenant}') ? 'public' : 'meta');
  const status = spec.status ?? (spec.ok === null ? 204 : method === 'post' ? 201 : 200);
  return {
    method,
    path,
    summary,
    tag,
    auth,
    query: spec.query,
    body: spec.body,
    success: [status, spec.ok],
    contentType: spec.contentType ?? 'application/json',
    errors: spec.errors ?? derivedErrors(method, path, auth, spec),
    headers: spec.headers ?? [],
  };
}

/** The statuses any such route can answer with: bad input, no key, wrong role, unknown id. */
function derivedErrors(method: Method, path: string, auth: Auth, spec: OperationSpec): number[] {
  const errors = new Set<number>(spec.moreErrors ?? []);
  if (spec.body || spec.query) errors.add(400);
  if (auth !== 'none') errors.add(401);
  if (auth === 'tenant-key' && method !== 'get') errors.add(403);
  if (path.includes('{')) errors.add(404);
  if (path.startsWith('/{tenant}/') && method !== 'get') {
    errors.add(403); // origin_not_allowed
    errors.add(429);
  }
  return [...errors].sort((a, b) => a - b);
}
