import { PROBLEM_CODES, type ProblemCode } from '@booksprintz/shared';

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
    this.headers = options.headers;
  }
}
