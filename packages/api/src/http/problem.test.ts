import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../env.ts';
import { everyThrowAnError, onError } from './problem.ts';

/** An app like createApp's: the wrapper first (when asked for), one route, onError. */
function appThrowing(thrown: unknown, wrapped: boolean) {
  const app = new Hono<AppEnv>();
  if (wrapped) app.use(everyThrowAnError);
  app.get('/x', () => {
    throw thrown;
  });
  app.onError(onError);
  return app;
}

// What workerd's socket error looks like to the Worker: it carries the message but is
// not `instanceof Error` of the Worker's realm.
const lostConnection = { name: 'Error', message: 'Network connection lost.' };

describe('everyThrowAnError', () => {
  it('lets a thrown non-Error reach onError: an unreachable database is a 503 problem', async () => {
    const response = await appThrowing(lostConnection, true).request('/x');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ code: 'service_unavailable' });
  });

  it('turns any other thrown value into a 500 problem, not an escaped exception', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await appThrowing('boom', true).request('/x');
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ code: 'internal_error' });
    } finally {
      log.mockRestore();
    }
  });

  it('is needed: without it Hono lets the value escape past onError', async () => {
    const app = appThrowing(lostConnection, false);
    const escaped = await (async () => app.request('/x'))().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(escaped).toBe(lostConnection);
  });
});
