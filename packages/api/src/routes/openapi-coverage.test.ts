import { operations } from '@booksprintz/shared';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';

const API = '/api/booking/v1';

/**
 * Routes under the API prefix that are served but deliberately not in the document,
 * with the reason. Everything else Hono serves must be documented, and everything
 * documented must be served. A new route is one `op(...)` line in
 * `packages/shared/src/openapi/*-operations.ts`.
 */
const UNDOCUMENTED: Array<[RegExp, string]> = [
  [
    /^GET \/\{tenant\}\/live$/,
    'a WebSocket upgrade: OpenAPI cannot describe the socket; its messages are components.schemas.LiveSlotMessage',
  ],
  [/^(GET|POST) \/dev\//, 'development and test stacks only (404 elsewhere)'],
];

/** Hono's `:tenant` is the document's `{tenant}`: the names must match too. */
const shape = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;

function servedRoutes(): Set<string> {
  const served = new Set<string>();
  for (const route of createApp().routes) {
    // `use()` middleware is registered as ALL; inline middleware repeats a route's entry.
    if (route.method === 'ALL' || !route.path.startsWith(`${API}/`)) continue;
    served.add(shape(route.method, route.path.slice(API.length)));
  }
  return served;
}

describe('the OpenAPI document against the routes the app serves', () => {
  const served = servedRoutes();
  const documented = new Set(operations.map((op) => `${op.method.toUpperCase()} ${op.path}`));

  it('documents every route the app serves', () => {
    const missing = [...served].filter(
      (route) => !documented.has(route) && !UNDOCUMENTED.some(([pattern]) => pattern.test(route)),
    );
    expect(missing, 'served but not in packages/shared/src/openapi').toEqual([]);
  });

  it('serves every route it documents', () => {
    const phantom = [...documented].filter((route) => !served.has(route));
    expect(phantom, 'documented but not served').toEqual([]);
  });

  it('keeps its exceptions honest: each one still matches a served route', () => {
    for (const [pattern, reason] of UNDOCUMENTED) {
      expect(
        [...served].some((route) => pattern.test(route)),
        reason,
      ).toBe(true);
    }
  });
});
