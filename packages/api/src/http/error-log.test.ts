import { describe, expect, it } from 'vitest';
import { errorForLog } from './error-log.ts';

describe('errors as they are logged', () => {
  it('keeps the SQL but never the parameters or values Postgres quotes', () => {
    const personal = ['Ann Smith', 'ann@example.com', 'allergic to latex'];
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "Ann Smith"'), {
      code: '22P02',
    });
    const error = new Error(
      `Failed query: insert into "booking_customers" ("name", "email", "notes") values ($1, $2, $3)\nparams: ${personal.join(',')}`,
      { cause },
    );
    const logged = JSON.stringify(errorForLog(error));
    for (const value of personal) expect(logged).not.toContain(value);
    expect(logged).toContain('insert into');
    expect(logged).toContain('22P02');
    expect(logged).toContain('    at '); // the stack's frames stay
  });
});
