import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** The Chromium the widget's browser checks run: Debian's, or `CHROMIUM_PATH`. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Runs as root in CI, and stays quiet: no GPU, no background traffic, no first-run UI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Launches it with the Playwright that comes with @web/test-runner-playwright (pnpm keeps
 * it out of our node_modules). `Browser` is the caller's description of the little of
 * Playwright's API it uses: Playwright's types are not a dependency of ours.
 */
export function launchChromium<Browser>(): Promise<Browser> {
  const root = resolve(import.meta.dirname, '..');
  const fromRunner = createRequire(
    createRequire(join(root, 'package.json')).resolve('@web/test-runner-playwright'),
  );
  const { chromium } = fromRunner('playwright') as {
    chromium: { launch(options: object): Promise<Browser> };
  };
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
