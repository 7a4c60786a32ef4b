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
    default:
      break;
  }
  // Class 22, data exception: a value Postgres cannot take (a NUL byte in text, a date
  // past year 9999, a bad uuid, a number out of range, an unpaired surrogate in JSON).
  // Class 54, program limit exceeded: a value too deep or too big to process. Validation
  // should have caught each; this is the backstop that keeps them 4xx.
  if (state.startsWith('22') || state.startsWith('54')) {
    return new ApiError('validation_failed', 'A value in the request is not valid.', {
      errors: [{ path: '(value)', message: 'not accepted by the database' }],
    });
  }
  if (isUnavailableState(state)) return databaseUnavailable();
  return undefined;
}

function databaseUnavailable(): ApiError {
  // ApiError adds Retry-After to every 503.
  return new ApiError(
    'service_unavailable',
    'The booking database cannot be reached right now; try again shortly.',
  );
}

/** Connection exceptions (08), insufficient resources (53), shutting down (57P01–57P03). */
function isUnavailableState(state: string): boolean {
  return (
    state.startsWith('08') ||
    state.startsWith('53') ||
    state === '57P01' ||
    state === '57P02' ||
    state === '57P03'
  );
}

/**
 * What the Neon driver (a node-postgres fork over a WebSocket) and workerd say when the
 * database or its proxy cannot be reached: no SQLSTATE, only these messages.
 */
const CONNECTION_FAILURE =
  /connection terminated|not queryable|query read timeout|timeout exceeded when trying to connect|network connection lost|websocket (error|connection|closed)|econnrefused|econnreset|socket hang up|establishing an ssl connection|connect(ion)? (failed|refused|timed out)/i;

/**
 * A 503 `service_unavailable` (with `Retry-After`) when `error` means the database could
 * not be reached, else undefined: the client did nothing wrong, and a 500 would say
 * we have a bug.
 */
export function apiErrorFromUnavailableDatabase(error: unknown): ApiError | undefined {
  const state = sqlState(error);
  if (state) return isUnavailableState(state) ? databaseUnavailable() : undefined;
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const message = (current as { message?: unknown }).message;
    // A `Failed query:` wrapper names the SQL, not the failure: only its causes count.
    if (
      typeof message === 'string' &&
      !message.startsWith('Failed query:') &&
      CONNECTION_FAILURE.test(message)
    ) {
      return databaseUnavailable();
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What a Durable Object answers its caller instead of throwing across the RPC: the
 * problem `error` is (an ApiError, a database refusal or an unreachable database), or
 * undefined for a real bug, which the object rethrows.
 */
export function expectedProblem(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  return apiErrorFromPostgres(error) ?? apiErrorFromUnavailableDatabase(error);
}
