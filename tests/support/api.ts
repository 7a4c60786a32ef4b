import { expect } from 'vitest';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small JSON client for the stack under test: `api.post('/tenants', body, key)`. */
export function apiClient(baseUrl: string) {
  async function request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; key?: string; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}/api/booking/v1${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (ICS, HTML): keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    request,
    get: <T = Record<string, unknown>>(path: string, key?: string) =>
      request<T>('GET', path, key ? { key } : {}),
    post: <T = Record<string, unknown>>(path: string, body: unknown, key?: string) =>
      request<T>('POST', path, key ? { body, key } : { body }),
    put: <T = Record<string, unknown>>(path: string, body: unknown, key?: string) =>
      request<T>('PUT', path, key ? { body, key } : { body }),
    delete: <T = Record<string, unknown>>(path: string, key?: string, body?: unknown) =>
      request<T>('DELETE', path, { ...(key ? { key } : {}), ...(body ? { body } : {}) }),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Asserts an RFC 9457 problem with the given status and stable code. */
export function expectProblem(response: ApiResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
  return response.body as Record<string, unknown> & {
    errors?: Array<{ path: string; message: string }>;
  };
}

export const PLATFORM_KEY = 'dev_platform_key';

let counter = 0;
/** A fresh, valid tenant body with a unique subdomain. */
export function newTenantBody(overrides: Record<string, unknown> = {}) {
  counter++;
  const subdomain = `salon-${Date.now().toString(36)}-${counter}`;
  return {
    name: `Salon ${counter}`,
    business_name: `Salon ${counter}`,
    subdomain,
    timezone: 'America/New_York',
    currency: 'USD',
    email: `owner${counter}@example.com`,
    mode: 'integrated',
    plan_tier: 'enterprise',
    ...overrides,
  };
}

export async function createTenant(api: ApiClient, overrides: Record<string, unknown> = {}) {
  const response = await api.post<{ tenant: { id: string; subdomain: string }; api_key: string }>(
    '/tenants',
    newTenantBody(overrides),
    PLATFORM_KEY,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return {
    id: response.body.tenant.id,
    slug: response.body.tenant.subdomain,
    key: response.body.api_key,
  };
}
