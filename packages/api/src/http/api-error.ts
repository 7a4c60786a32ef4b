import { PROBLEM_CODES, type ProblemCode } from '@booksprintz/shared';

/** Seconds a client should wait before retrying a 503 (the database is away). */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export interface FieldError {
  path: string;
  message: string;
}

/**
 * The single error type of the API. Services and routes throw it; one `onError`
 * renders it as RFC 9457 problem JSON with its stable `code`.
 *
 * @example
 * throw new ApiError('not_found', 'No tenant named "acme".');
 */
export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.code = code;
    this.status = PROBLEM_CODES[code];
    this.errors = options.errors;
    // A 503 always says when to come back, also when it was rebuilt from a code that
    // crossed the Durable Object boundary without its headers.
    this.headers =
      code === 'service_unavailable' && !options.headers?.['Retry-After']
        ? { ...options.headers, 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) }
        : options.headers;
  }
}
