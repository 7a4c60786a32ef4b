import type { Health } from '@booksprintz/shared';
import { sql } from 'drizzle-orm';
import { errorForLog } from '../http/error-log.ts';
import type { Database } from './client.ts';

const DATABASE_TIMEOUT_MS = 3000;

/** Asks the database for `SELECT 1`, giving up after a few seconds. */
export async function checkHealth(db: () => Database): Promise<Health> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database timeout')), DATABASE_TIMEOUT_MS);
  });
  try {
    await Promise.race([db().execute(sql`select 1`), timeout]);
    return { status: 'ok', database: 'ok' };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', health: errorForLog(error).message }));
    return { status: 'degraded', database: 'unavailable' };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
