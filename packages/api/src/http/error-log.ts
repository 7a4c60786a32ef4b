import { sqlState } from './postgres-errors.ts';

/** One level of an error's `cause` chain, as it may be logged. */
interface LoggedError {
  name: string;
  message: string;
  sqlstate?: string;
  constraint?: string;
}

const MAX_CHAIN = 4;

/**
 * What of an error may go to the logs. Drizzle's query errors carry the query's
 * parameters in their message and stack (`Failed query: … params: Ann,ann@example.com`),
 * and Postgres quotes offending values in its own messages (`invalid input syntax for
 * type uuid: "…"`): customer names, e-mails and notes would outlive a GDPR erase in the
 * logs. So parameters are cut, quoted values masked, and the stack keeps only its
 * frames.
 *
 * @example
 * console.error(JSON.stringify({ level: 'error', where: 'refund', ...errorForLog(error) }));
 */
export function errorForLog(error: unknown): {
  message: string;
  chain: LoggedError[];
  stack?: string;
} {
  const chain: LoggedError[] = [];
  for (
    let current: unknown = error, depth = 0;
    current !== undefined && current !== null && depth < MAX_CHAIN;
    depth++
  ) {
    chain.push(describe(current));
    current = (current as { cause?: unknown }).cause;
  }
  const stack = (error as { stack?: unknown })?.stack;
  const frames =
    typeof stack === 'string'
      ? stack
          .split('\n')
          .filter((line) => line.startsWith('    at '))
          .join('\n')
      : '';
  return {
    message: chain.map((level) => level.message).join(' <- '),
    chain,
    ...(frames ? { stack: frames } : {}),
  };
}

function describe(error: unknown): LoggedError {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) {
    return { name: typeof error, message: maskQuoted(String(error)) };
  }
  const raw = String((error as { message?: unknown }).message ?? '');
  const state = sqlState({ code: (error as { code?: unknown }).code });
  const constraint = (error as { constraint?: unknown }).constraint;
  return {
    name: String((error as { name?: unknown }).name ?? 'Error'),
    message: maskQuoted(withoutParams(raw)),
    ...(state ? { sqlstate: state } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
  };
}

/** Drizzle: `Failed query: <sql>\nparams: <values>` → the SQL alone. */
function withoutParams(message: string): string {
  const at = message.indexOf('\nparams:');
  return at === -1 ? message : `${message.slice(0, at)} [params omitted]`;
}

/** `… for type uuid: "Ann Smith"` → `… for type uuid: "…"`; identifiers in SQL text are quoted too, and their names are in the code anyway. */
function maskQuoted(message: string): string {
  if (message.startsWith('Failed query:')) return message;
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/'(?:[^'\\]|\\.)*'/g, "'…'");
}
