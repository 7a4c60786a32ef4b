import { expect } from 'vitest';
import type { ApiResponse } from './api.ts';

export interface Account {
  user: { id: string; email: string; name: string | null; email_verified: boolean };
  tenants: Array<{ id: string; role: string; staff_id: string | null; business_name: string }>;
  csrf_token: string;
}

/** The `bs_session` cookie a response sets, as `name=value` for a Cookie header. */
export function sessionCookie(response: { headers: Headers }): string | undefined {
  const set = response.headers.getSetCookie().find((line) => line.startsWith('bs_session='));
  const pair = set?.split(';')[0];
  return pair && pair !== 'bs_session=' ? pair : undefined;
}

/**
 * A browser's view of the API: it keeps the session cookie and, like the owner app,
 * sends the CSRF token and its own Origin on writes (`csrf: false` / `origin` to misbehave).
 */
export function browserClient(baseUrl: string) {
  let cookie: string | undefined;
  let csrf: string | undefined;
  async function request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      csrf?: boolean;
      origin?: string | null;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (cookie) headers.cookie = cookie;
    if (options.origin !== null) headers.origin = options.origin ?? baseUrl;
    if (csrf && options.csrf !== false && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}/api/booking/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const set = response.headers.getSetCookie().find((line) => line.startsWith('bs_session='));
    if (set) cookie = sessionCookie(response);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // HTML or empty
    }
    const token = (body as { csrf_token?: unknown } | null)?.csrf_token;
    if (typeof token === 'string') csrf = token;
    return { status: response.status, headers: response.headers, body: body as T };
  }
  return {
    request,
    get cookie() {
      return cookie;
    },
    set cookie(value: string | undefined) {
      cookie = value;
    },
    get csrf() {
      return csrf;
    },
    get: <T = Record<string, unknown>>(path: string) => request<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body?: unknown) =>
      request<T>('POST', path, { body: body ?? {} }),
    put: <T = Record<string, unknown>>(path: string, body: unknown) =>
      request<T>('PUT', path, { body }),
    delete: <T = Record<string, unknown>>(path: string) => request<T>('DELETE', path),
    async login(email: string, password: string) {
      const response = await request<Account>('POST', '/auth/login', {
        body: { email, password },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    },
  };
}

export type BrowserClient = ReturnType<typeof browserClient>;

let counter = 0;
/** A signup body: a standalone business in Chicago, its owner's address and password. */
export function signupBody(overrides: Record<string, unknown> = {}) {
  counter++;
  const tag = `${Date.now().toString(36)}-${counter}`;
  return {
    name: `Studio ${tag}`,
    business_name: `Studio ${tag}`,
    subdomain: `studio-${tag}`,
    timezone: 'America/Chicago',
    currency: 'USD',
    email: `owner-${tag}@example.com`,
    owner_name: 'Olivia Owner',
    password: 'correct horse battery',
    ...overrides,
  };
}
