import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { CHROMIUM, chromiumArgs } from '@booksprintz/dev-stack/chromium';

export { CHROMIUM };

/**
 * The Playwright that comes with @web/test-runner-playwright (pnpm keeps it out of our
 * node_modules): the one the test runner launches, and the benches too.
 */
const fromRunner = createRequire(
  createRequire(join(resolve(import.meta.dirname, '..'), 'package.json')).resolve(
    '@web/test-runner-playwright',
  ),
);
const fromPlaywright = createRequire(fromRunner.resolve('playwright'));

/** The arguments every browser suite uses (`@booksprintz/dev-stack/chromium`). */
export const CHROMIUM_ARGS = chromiumArgs(
  dirname(fromPlaywright.resolve('playwright-core/package.json')),
);

/**
 * Launches it. `Browser` is the caller's description of the little of Playwright's API it
 * uses: Playwright's types are not a dependency of ours.
 */
export function launchChromium<Browser>(): Promise<Browser> {
  const { chromium } = fromRunner('playwright') as {
    chromium: { launch(options: object): Promise<Browser> };
  };
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
