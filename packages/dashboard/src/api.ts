/**
 * The owner app's way to the API: same origin, the session cookie, the CSRF token on
 * every write (DESIGN §10), problem+json errors turned into `ApiProblem`s that screens
 * show next to the field they name.
 */
export const API_BASE = '/api/booking/v1';

export interface ProblemField {
  path: string;
  message: string;
}

/** An RFC 9457 problem the API answered, or a network failure (`status` 0). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: ProblemField[];

  constructor(status: number, code: string, detail: string, errors: ProblemField[] = []) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  /** The message for one form field, when the API named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((error) => error.path === path || error.path.endsWith(`.${path}`))
      ?.message;
  }
}

let csrfToken: string | null = null;

/** Set from `/auth/me` or a login answer; sent as `X-CSRF-Token` on writes. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiProblem(0, 'network', 'network');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const problem = (json ?? {}) as { code?: string; detail?: string; errors?: ProblemField[] };
    throw new ApiProblem(
      response.status,
      problem.code ?? 'error',
      problem.detail ?? response.statusText,
      problem.errors ?? [],
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

/** Admin routes of the signed-in business. */
export function tenantPath(tenantId: string, rest = ''): string {
  return `/tenants/${encodeURIComponent(tenantId)}${rest}`;
}

/** Cents to what an owner types: 3500 → "35.00" (currencies with cents). */
export function centsToInput(cents: number | null | undefined): string {
  if (cents == null) return '';
  return (cents / 100).toFixed(2);
}

/** "35", "35.5", "35.00", "35,00" → 3500; anything else → null. */
export function inputToCents(value: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
