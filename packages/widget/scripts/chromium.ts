import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** The Chromium the widget's browser checks run: Debian's, or `CHROMIUM_PATH`. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Launches it with the Playwright that comes with @web/test-runner-playwright (pnpm keeps
 * it out of our node_modules). `Browser` is the caller's description of the little of
 * Playwright's API it uses: Playwright's types are not a dependency of ours.
 */
export function launchChromium<Browser>(args: string[] = ['--no-sandbox']): Promise<Browser> {
  const root = resolve(import.meta.dirname, '..');
  const fromRunner = createRequire(
    createRequire(join(root, 'package.json')).resolve('@web/test-runner-playwright'),
  );
  const { chromium } = fromRunner('playwright') as {
    chromium: { launch(options: object): Promise<Browser> };
  };
  return chromium.launch({ executablePath: CHROMIUM, args });
}
