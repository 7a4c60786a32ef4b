import { describe, expect, it } from 'vitest';
import { apiErrorFromPostgres, sqlState } from './postgres-errors.ts';

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
    expect(apiErrorFromPostgres(wrapped('53300'))).toBeUndefined(); // too_many_connections
    expect(apiErrorFromPostgres(new Error('socket closed'))).toBeUndefined();
  });
});
