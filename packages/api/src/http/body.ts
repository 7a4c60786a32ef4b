import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError } from './api-error.ts';
import { zodFieldErrors } from './problem.ts';

/**
 * Reads and validates a JSON body with a shared zod schema. Malformed JSON, a non-JSON
 * content type and schema failures all become 4xx problems, never exceptions that
 * could surface as 500s.
 */
export async function readJson<T extends z.ZodType>(
  c: Context<AppEnv>,
  schema: T,
  options: {
    optional?: boolean;
    /** Also take `text/plain` (what `navigator.sendBeacon` sends a string as). */
    plainText?: boolean;
  } = {},
): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    const plain = options.plainText && /^text\/plain\b/i.test(type);
    if (type && !plain && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
      throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
    }
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError('validation_failed', 'The body is not valid JSON.', {
        errors: [{ path: '(root)', message: 'malformed JSON' }],
      });
    }
  } else if (!options.optional) {
    throw new ApiError('validation_failed', 'The request needs a JSON body.', {
      errors: [{ path: '(root)', message: 'required' }],
    });
  }
  return validate(schema, body);
}

/** Validates any input (query, params, body) against a schema, as a 400 problem. */
export function validate<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ApiError('validation_failed', 'The request is not valid.', {
      errors: zodFieldErrors(result.error),
    });
  }
  return result.data;
}
