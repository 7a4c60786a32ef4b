import { createMiddleware } from 'hono/factory';
import { type OpenDatabase, openDatabase } from '../db/client.ts';
import type { AppEnv } from '../env.ts';

/**
 * Gives each request a lazily opened database and closes it after the response,
 * without delaying the response (`waitUntil`).
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  let opened: OpenDatabase | undefined;
  c.set('db', () => {
    opened ??= openDatabase(c.env);
    return opened.db;
  });
  try {
    await next();
  } finally {
    if (opened) {
      const closing = opened.close().catch(() => undefined);
      try {
        c.executionCtx.waitUntil(closing);
      } catch {
        await closing; // no execution context (app.request() in tests)
      }
    }
  }
});
