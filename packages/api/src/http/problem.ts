import type { Problem, ProblemCode } from '@booksprintz/shared';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError, type FieldError } from './api-error.ts';
import { errorForLog } from './error-log.ts';
import { apiErrorFromPostgres, apiErrorFromUnavailableDatabase } from './postgres-errors.ts';

const TITLES: Record<ProblemCode, string> = {
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  origin_not_allowed: 'Origin not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  slot_unavailable: 'Slot unavailable',
  hold_expired: 'Hold expired',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  idempotency_mismatch: 'Idempotency key reused with another request',
  unprocessable: 'Unprocessable request',
  rate_limited: 'Too many requests',
  internal_error: 'Internal server error',
  calendar_unreachable: 'Calendar unreachable',
  service_unavailable: 'Service unavailable',
};

const PROBLEM_TYPE_BASE = 'https://booksprintz.com/problems/';

/** Renders a problem+json response; the `type` URI is stable per code. */
export function problemResponse(
  c: Context<AppEnv>,
  code: ProblemCode,
  status: number,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const body: Problem = {
    type: `${PROBLEM_TYPE_BASE}${code.replaceAll('_', '-')}`,
    title: TITLES[code],
    status,
    detail,
    code,
    instance: new URL(c.req.url).pathname,
    request_id: c.get('requestId'),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
  // c.newResponse, not new Response: it keeps headers middleware already set (X-Request-Id).
  return c.newResponse(JSON.stringify(body), status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
    ...extra.headers,
  });
}

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** The app's one error handler: known errors keep their code, anything else is a bare 500. */
export function onError(thrown: Error, c: Context<AppEnv>): Response {
  const error =
    thrown instanceof ApiError
      ? thrown
      : (apiErrorFromPostgres(thrown) ?? apiErrorFromUnavailableDatabase(thrown) ?? thrown);
  if (error instanceof ApiError) {
    const extra: { errors?: FieldError[]; headers?: Record<string, string> } = {};
    if (error.errors) extra.errors = error.errors;
    if (error.headers) extra.headers = error.headers;
    return problemResponse(c, error.code, error.status, error.message, extra);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own middleware (body limit, JSON parsing) throws these for client mistakes.
    const status = error.status;
    const code: ProblemCode =
      status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'validation_failed';
    return problemResponse(c, code, status, error.message || TITLES[code]);
  }
  console.error(
    JSON.stringify({ level: 'error', request_id: c.get('requestId'), ...errorForLog(error) }),
  );
  return problemResponse(c, 'internal_error', 500, 'Something went wrong on our side.');
}

/**
 * First middleware of the app: whatever is thrown reaches `onError` as an Error. Hono
 * hands only `instanceof Error` to `onError` and lets anything else escape as workerd's
 * own HTML 500 page; workerd's socket errors ("Network connection lost.") come through
 * the Neon driver's raw `query` unwrapped and fail that test. Wrapped, with the original
 * as `cause`, they are recognised as an unreachable database (503) like any other.
 */
export async function everyThrowAnError(_c: Context<AppEnv>, next: () => Promise<void>) {
  try {
    await next();
  } catch (thrown) {
    if (thrown instanceof Error) throw thrown;
    const message = (thrown as { message?: unknown } | null)?.message;
    throw new Error(typeof message === 'string' ? message : String(thrown), { cause: thrown });
  }
}
