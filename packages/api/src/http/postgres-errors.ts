import { ApiError } from './api-error.ts';

/** The SQLSTATE of a Postgres error, also when drizzle wraps it (`cause`). */
export function sqlState(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function constraintOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const name = (current as { constraint?: unknown }).constraint;
    if (typeof name === 'string') return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Database guards turned into the client's 4xx: the constraints are the last line of
 * defence behind validation, and a request that trips one is a client mistake or a
 * lost race, never a server error.
 */
export function apiErrorFromPostgres(error: unknown): ApiError | undefined {
  const state = sqlState(error);
  if (!state) return undefined;
  const constraint = constraintOf(error);
  switch (state) {
    case '23P01': // exclusion_violation: booking_occupancies_no_overlap
      return new ApiError('slot_unavailable', 'That time has just been taken.');
    case '40P01': // deadlock_detected: two writers waited on each other, this one lost
    case '40001': // serialization_failure
      return new ApiError(
        'conflict',
        'Another change to the same records was made at the same moment; try again.',
      );
    case '23505': // unique_violation
      return new ApiError('conflict', `That value is already taken (${constraint ?? 'unique'}).`);
    case '23503': // foreign_key_violation
      return new ApiError(
        'validation_failed',
        'The request refers to something that does not exist.',
        {
          errors: [{ path: constraint ?? '(reference)', message: 'unknown reference' }],
        },
      );
    case '23514': // check_violation
    case '23502': // not_null_violation
      return new ApiError('validation_failed', 'The request breaks a rule of the data.', {
        errors: [{ path: constraint ?? '(row)', message: 'not allowed' }],
      });
    case '22P02': // invalid_text_representation (bad uuid, bad enum text)
    case '22001': // string_data_right_truncation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22023': // invalid_parameter_value
      return new ApiError('validation_failed', 'A value in the request is not valid.');
    default:
      return undefined;
  }
}
