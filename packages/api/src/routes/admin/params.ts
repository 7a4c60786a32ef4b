import { isUuid } from '@booksprintz/shared';
import type { Context } from 'hono';
import type { AppEnv } from '../../env.ts';
import { ApiError } from '../../http/api-error.ts';

/** A path id that is not a UUID cannot name a row: 404 without asking the database. */
export function uuidParam(c: Context<AppEnv>, name: string): string {
  const value = c.req.param(name);
  if (!value || !isUuid(value))
    throw new ApiError('not_found', `No such ${name.replace('_id', '')}.`);
  return value.toLowerCase();
}
