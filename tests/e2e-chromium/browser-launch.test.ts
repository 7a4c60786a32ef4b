import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playwrightDisabledFeatures } from '@booksprintz/dev-stack/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';

/**
 * The browser every suite and bench launches (`@booksprintz/dev-stack/chromium`): a new
 * window starts none of the browser's own UI pages (the omnibox popup's WebUI renderer
 * costs ~1 s of CPU per window), and Playwright's own `--disable-features` still apply.
 */
const enabled = chromiumAvailable('browser-launch');
let browser: Browser;

beforeAll(async () => {
  if (enabled) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the launch arguments', () => {
  it("repeat Playwright's own --disable-features list", () => {
    const core = dirname(fileURLToPath(import.meta.resolve('playwright-core/package.json')));
    const features = playwrightDisabledFeatures(core);
    // Two that the suites rely on: HTTP stays HTTP, and routes survive CORS redirects.
    expect(features).toEqual(
      expect.arrayContaining(['HttpsUpgrades', 'AvoidCorsURLLoaderRestartOnRedirect']),
    );
  });
});

describe.skipIf(!enabled)('a new window', () => {
  it('runs no browser UI page beside the page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('about:blank');
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = (await session.send('Target.getTargets')) as {
      targetInfos: { type: string; url: string }[];
    };
    expect(targetInfos.filter((target) => target.type === 'browser_ui')).toEqual([]);
    expect(targetInfos.some((target) => target.type === 'page')).toBe(true);
    await session.detach();
    await context.close();
  });
});
