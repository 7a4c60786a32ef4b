import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, chromiumArgs } from '@booksprintz/dev-stack/chromium';
import { type Browser, chromium } from 'playwright-core';

export { CHROMIUM };

/**
 * Browser suites run in Debian's Chromium. On a developer machine without it they skip
 * with a loud message; under CI=true a missing browser is a failure, not a skip.
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `\n!!! ${suite}: no Chromium at ${CHROMIUM} — browser tests SKIPPED (apt-get install chromium)\n`;
  if (process.env.CI === 'true')
    throw new Error(`${message}CI=true: a skipped browser suite fails the run.`);
  console.warn(message);
  return false;
}

const ARGS = chromiumArgs(
  dirname(fileURLToPath(import.meta.resolve('playwright-core/package.json'))),
);

/** The browser of every suite and bench here (`@booksprintz/dev-stack/chromium`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A tiny web server for a host page on another origin than the API. */
export async function serveHostPage(
  html: (origin: string) => string,
  host = '127.0.0.1',
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.url === '/favicon.ico') return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html(`http://${request.headers.host}`));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
