import { CalendarUnreachableError } from '../calendar-source.ts';

/** The provider asked us to slow down (429, or Google's 403 rate limit) for this long. */
export class CalendarRateLimitedError extends CalendarUnreachableError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, provider: string) {
    super(`${provider} rate limited the sync (429); retrying after ${retryAfterSeconds} s`);
    this.name = 'CalendarRateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The stored sync token / delta link is no longer valid (410 Gone): read in full. */
export class CursorExpiredError extends Error {
  constructor() {
    super('sync cursor expired');
    this.name = 'CursorExpiredError';
  }
}

/** The access token was refused (401): refresh it once and try again. */
export class AccessTokenRejectedError extends Error {
  constructor() {
    super('access token rejected');
    this.name = 'AccessTokenRejectedError';
  }
}

/** `Retry-After` as seconds (a number or an HTTP date), bounded to [1 s, 1 day]. */
export function retryAfterSeconds(header: string | null, now: Date): number {
  if (!header) return 60;
  const seconds = Number(header);
  const value = Number.isFinite(seconds) ? seconds : (Date.parse(header) - now.getTime()) / 1000;
  if (!Number.isFinite(value)) return 60;
  return Math.min(86_400, Math.max(1, Math.ceil(value)));
}

export interface ApiCall {
  provider: string;
  accessToken: string;
  timeoutMs: number;
  now: Date;
}

/**
 * One JSON request to a provider's API with a bearer token, its failures sorted into
 * what the sync does about them: 401 → refresh, 410 → full read, 429 → wait.
 */
export async function providerJson<T>(
  call: ApiCall,
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  return (await providerRequest<T>(call, url, init)).body as T;
}

/**
 * Like providerJson, but the statuses in `allow` (a 404 or 410 on delete, a 409 on a
 * create with a fixed id) come back as answers instead of errors, with their body.
 */
export async function providerRequest<T>(
  call: ApiCall,
  url: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    allow?: readonly number[];
  } = {},
): Promise<{ status: number; body: T | undefined }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${call.accessToken}`,
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    throw new CalendarUnreachableError(
      `${call.provider}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (response.ok || init.allow?.includes(response.status)) {
    if (response.status === 204) return { status: 204, body: undefined };
    const text = await response.text();
    try {
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    } catch {
      if (!response.ok) return { status: response.status, body: undefined };
      throw new CalendarUnreachableError(`${call.provider} answered with invalid JSON`);
    }
  }
  const text = await response.text().catch(() => '');
  if (response.status === 401) throw new AccessTokenRejectedError();
  if (response.status === 410) throw new CursorExpiredError();
  if (
    response.status === 429 ||
    (response.status === 403 && /rateLimitExceeded|userRateLimitExceeded/.test(text))
  )
    throw new CalendarRateLimitedError(
      retryAfterSeconds(response.headers.get('retry-after'), call.now),
      call.provider,
    );
  throw new CalendarUnreachableError(
    `${call.provider} answered ${response.status}: ${text.slice(0, 200)}`,
  );
}
