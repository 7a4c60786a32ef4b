/**
 * How every browser suite and bench launches Debian's Chromium (or `CHROMIUM_PATH`):
 * the widget's test runner and benches, the end-to-end suites, the dashboard benches.
 * One list, so that a measurement and the tests that check the same screen run the
 * same browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Browser UI that each new headless window starts by itself, and that no page needs.
 * Since Chromium 15x the address bar's popup is a WebUI page
 * (`chrome://omnibox-popup.top-chrome/`) with a renderer of its own. Every new window
 * starts it, and so does every Playwright context. That costs ~1 s of CPU in the second
 * after the window opens: on a 2-core machine it takes one core from the page being
 * measured. Measured on Chromium 156: the first-slot bench's stub read 296 and 315 ms
 * with it and 184 and 188 ms without (docs/performance.md, sixteenth pass).
 */
const BROWSER_UI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

/** Runs as root in CI, and stays quiet: no GPU, no background traffic, no first-run UI. */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Playwright passes its own `--disable-features` list (HTTPS upgrades off, no paint
 * holding, routes kept on redirects…), and Chromium keeps only the last
 * `--disable-features` it is given. So ours must repeat Playwright's. Playwright does not
 * export the list; it is read from the playwright-core that launches the browser.
 * `undefined` when its source no longer has that shape.
 */
export function playwrightDisabledFeatures(playwrightCore: string): string[] | undefined {
  for (const file of ['lib/coreBundle.js', 'lib/server/chromium/chromiumSwitches.js']) {
    const path = join(playwrightCore, file);
    if (!existsSync(path)) continue;
    const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(readFileSync(path, 'utf8'))?.[1];
    if (!list) continue;
    const names = [...list.matchAll(/^\s*["']([A-Za-z0-9]+)["']/gm)].map((match) => match[1]!);
    if (names.length > 0) return names;
  }
  return undefined;
}

let warned = false;

/**
 * The arguments for a browser launched by the playwright-core in `playwrightCore` (its
 * package directory). When Playwright's own list cannot be read, the browser UI stays on
 * (slower, but the same behaviour) and this says so once. `CHROMIUM_BROWSER_UI=1` keeps
 * it on too, to measure a bench as it was before (docs/performance.md).
 */
export function chromiumArgs(playwrightCore: string): string[] {
  if (process.env.CHROMIUM_BROWSER_UI === '1') return BASE_ARGS;
  const playwrights = playwrightDisabledFeatures(playwrightCore);
  if (!playwrights) {
    if (!warned)
      console.warn(
        `!!! chromium: cannot read Playwright's --disable-features in ${playwrightCore}; ` +
          'new windows keep their omnibox popup (~1 s of CPU each)',
      );
    warned = true;
    return BASE_ARGS;
  }
  return [...BASE_ARGS, `--disable-features=${[...playwrights, ...BROWSER_UI_FEATURES].join(',')}`];
}
