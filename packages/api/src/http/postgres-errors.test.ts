import { describe, expect, it } from 'vitest';
import {
  apiErrorFromPostgres,
  apiErrorFromUnavailableDatabase,
  sqlState,
} from './postgres-errors.ts';

/** What the Neon and pg drivers throw, as drizzle wraps it (`cause`). */
const wrapped = (code: string, constraint?: string) =>
  new Error('Failed query', { cause: Object.assign(new Error('db'), { code, constraint }) });

describe('Postgres errors as API problems', () => {
  it('reads the SQLSTATE through drizzle’s wrapper', () => {
    expect(sqlState(wrapped('23P01'))).toBe('23P01');
    expect(sqlState(new Error('no code'))).toBeUndefined();
  });

  it('answers a lost race for a time with 409 slot_unavailable', () => {
    const problem = apiErrorFromPostgres(wrapped('23P01', 'booking_occupancies_no_overlap'));
    expect([problem?.status, problem?.code]).toEqual([409, 'slot_unavailable']);
  });

  it('answers a deadlock or serialization failure with 409 conflict, not a 500', () => {
    for (const code of ['40P01', '40001']) {
      const problem = apiErrorFromPostgres(wrapped(code));
      expect([problem?.status, problem?.code]).toEqual([409, 'conflict']);
    }
  });

  it('leaves errors that are not the client’s to the 500 handler', () => {
    expect(apiErrorFromPostgres(wrapped('42P01'))).toBeUndefined(); // undefined_table: our bug
    expect(apiErrorFromPostgres(wrapped('42703'))).toBeUndefined(); // undefined_column
    expect(apiErrorFromPostgres(new Error('socket closed'))).toBeUndefined();
    expect(
      apiErrorFromUnavailableDatabase(new Error('undefined is not a function')),
    ).toBeUndefined();
    // Our own words about WebSockets are no database failure.
    expect(
      apiErrorFromUnavailableDatabase(new Error('Open this URL as a WebSocket.')),
    ).toBeUndefined();
  });

  it('answers every data exception (class 22) and program limit (class 54) with 400', () => {
    // 22021: a NUL byte in text; 22008: a date past year 9999; 22P05: \u0000 in jsonb;
    // 54001: a value nested too deep for Postgres's stack.
    for (const code of ['22021', '22008', '22P05', '22P02', '2200H', '54001', '54000']) {
      const problem = apiErrorFromPostgres(wrapped(code));
      expect([code, problem?.status, problem?.code, problem?.errors?.length]).toEqual([
        code,
        400,
        'validation_failed',
        1,
      ]);
    }
  });

  it('answers an unreachable database with 503 service_unavailable and Retry-After', () => {
    const driverErrors = [
      wrapped('57P01'), // admin_shutdown
      wrapped('08006'), // connection_failure
      wrapped('53300'), // too_many_connections
      new Error('Failed query: select 1\nparams: ', {
        cause: new Error('Connection terminated unexpectedly'),
      }),
      new Error('Failed query: select 1\nparams: ', {
        cause: new Error('Network connection lost.'),
      }),
    ];
    for (const error of driverErrors) {
      const problem = apiErrorFromPostgres(error) ?? apiErrorFromUnavailableDatabase(error);
      expect([problem?.status, problem?.code]).toEqual([503, 'service_unavailable']);
      expect(problem?.headers?.['Retry-After']).toMatch(/^\d+$/);
    }
  });
});
