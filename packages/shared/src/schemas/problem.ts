import { z } from 'zod';

/** The stable machine-readable codes of API.md; clients switch on these, never on titles. */
export const PROBLEM_CODES = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  slot_unavailable: 409,
  hold_expired: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_mismatch: 422,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  calendar_unreachable: 502,
  service_unavailable: 503,
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** RFC 9457 problem details, as every error response of the API. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]]),
  instance: z.string().optional(),
  request_id: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type Problem = z.infer<typeof problemSchema>;
