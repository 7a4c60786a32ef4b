// Component tests: Playwright driving the system Chromium (/usr/bin/chromium; Playwright's
// own browser download cannot work here), TypeScript through esbuild, the API faked in the
// page (test/fake-api.ts). `pnpm test` runs this through scripts/test.ts.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM, CHROMIUM_ARGS } from './scripts/chromium.ts';
import { jsonSummaryReporter } from './test/json-summary-reporter.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const artifacts = join(repo, 'tests/artifacts/widget');

/** `bs-screenshot` command: a full-page PNG of the test page into tests/artifacts/widget. */
function screenshotPlugin() {
  return {
    name: 'bs-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'bs-screenshot') return undefined;
      const page = session.browser.getPage(session.id);
      await mkdir(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, `${payload.name}.png`), fullPage: true });
      return true;
    },
  };
}

/**
 * Stripe.js never comes from the network in tests: every page answers
 * https://js.stripe.com/… itself, with a stand-in that hands `Stripe()` to the page's
 * `window.bsFakeStripe` (test/fake-stripe.ts). The `bs-stripe-js` command makes the next
 * loads fail (`{ fail: true }`) or succeed again, and tells how many loads were asked for.
 */
const FAKE_STRIPE_JS = 'window.Stripe = (...args) => window.bsFakeStripe.stripe(...args);';
const stripeJs = new WeakMap();

async function routeStripeJs(page) {
  const state = { fail: false, requests: 0 };
  stripeJs.set(page, state);
  await page.route('https://js.stripe.com/**', (route) => {
    state.requests++;
    return state.fail
      ? route.abort('failed')
      : route.fulfill({ contentType: 'text/javascript', body: FAKE_STRIPE_JS });
  });
}

function stripeJsPlugin() {
  return {
    name: 'bs-stripe-js',
    executeCommand({ command, payload, session }) {
      if (command !== 'bs-stripe-js') return undefined;
      const state = stripeJs.get(session.browser.getPage(session.id));
      if (payload && 'fail' in payload) state.fail = Boolean(payload.fail);
      return { requests: state.requests };
    },
  };
}

/**
 * `bs-block` command: requests to `payload.url` (a Playwright URL glob) fail like a blocked
 * network while `payload.block` is true (a language chunk that cannot load, for example).
 */
function blockPlugin() {
  return {
    name: 'bs-block',
    async executeCommand({ command, payload, session }) {
      if (command !== 'bs-block') return undefined;
      const page = session.browser.getPage(session.id);
      if (payload.block) await page.route(payload.url, (route) => route.abort('failed'));
      else await page.unroute(payload.url);
      return true;
    },
  };
}

export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022' }),
    screenshotPlugin(),
    stripeJsPlugin(),
    blockPlugin(),
  ],
  // embed.js loads book-sprintz.js from its own directory; in tests that is the source.
  middleware: [
    (context, next) => {
      if (context.path === '/src/embed/book-sprintz.js') return context.redirect('/src/index.ts');
      return next();
    },
  ],
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      },
      // A fixed zone and language, so dates and labels are the same on every machine.
      createBrowserContext: ({ browser }) =>
        browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' }),
      // WIDGET_TEST_NOW=2026-11-30T23:30:00-05:00 runs the suite at another moment (month
      // ends, DST changes): the tests' injected clock (test/clock.ts) starts there.
      createPage: async ({ context }) => {
        const page = await context.newPage();
        await routeStripeJs(page);
        if (process.env.WIDGET_TEST_NOW)
          await page.addInitScript(
            `globalThis.WIDGET_TEST_NOW = ${JSON.stringify(process.env.WIDGET_TEST_NOW)};`,
          );
        return page;
      },
    }),
  ],
  reporters: [
    defaultReporter(),
    summaryReporter({ flatten: false }),
    jsonSummaryReporter(join(repo, '.tmp/test-reports/widget.json')),
  ],
};
