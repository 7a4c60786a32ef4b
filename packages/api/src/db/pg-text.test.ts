import { describe, expect, it } from 'vitest';
import { pg, pgJoin, pgRaw, pgText } from './pg-text.ts';

describe('pgText', () => {
  it('numbers parameters across nested fragments and keeps raw text as written', () => {
    const ids = pgJoin(
      ['a', 'b'].map((id) => pg`${id}::uuid`),
      ', ',
    );
    const query = pg`select ${pgRaw('x, y')} from t where a = ${1} and id in (${ids}) and z = ${undefined}`;
    expect(pgText(query)).toEqual({
      text: 'select x, y from t where a = $1 and id in ($2::uuid, $3::uuid) and z = $4',
      params: [1, 'a', 'b', null],
    });
  });

  it('leaves an empty fragment empty', () => {
    expect(pgText(pg`select 1${pg``}`)).toEqual({ text: 'select 1', params: [] });
  });
});
