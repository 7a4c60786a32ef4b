import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/**
 * For responses reached with a manage token in the URL and showing personal data (the
 * manage page, the customer's JSON view, the .ics): never cached by a browser or a
 * proxy, no Referer carrying the token to the next site, never framed (clickjacking of
 * the cancel button). Set after the handler, on errors too; a page that sets its own
 * Content-Security-Policy keeps it (it must include `frame-ancestors 'none'`).
 */
export const privateResponse = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
  c.res.headers.set('Referrer-Policy', 'no-referrer');
  c.res.headers.set('X-Frame-Options', 'DENY');
  if (!c.res.headers.has('Content-Security-Policy')) {
    c.res.headers.set('Content-Security-Policy', "frame-ancestors 'none'");
  }
});
