/**
 * `pnpm check:dist`: the BUILT widget (dist/widget/v1, after `pnpm build`) in Chromium,
 * against the demo server's fake API. The component tests run the sources; this covers
 * what only the build does (scripts/minify-literals.ts, scripts/mangle-props.ts).
 *
 * In en, fr and es: the service step, the month grid (labels, arrow keys), the details
 * step, the deposit step (Stripe.js answered by a stand-in that declines the card, so the
 * deposit step's error path runs too), then a service without a deposit through to the
 * confirmation; every text checked against the sources' translations. Each visitor fetches
 * their own language's chunk and no other; when no language can load, the element says so
 * in English and Try again recovers. The details and confirmation steps' chunk is not
 * loaded with the element but once the times are shown, before a time is picked; when it
 * cannot load, picking a time says so and Try again recovers.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import en from '../src/i18n/en.ts';
import { essentials } from '../src/i18n/en-essentials.ts';
import es from '../src/i18n/es.ts';
import fr from '../src/i18n/fr.ts';
import type { Translations } from '../src/i18n/index.ts';
import { launchChromium } from './chromium.ts';
import { startDemoServer } from './serve-demo.ts';

const root = resolve(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist/widget/v1/book-sprintz.js'))) {
  console.error('dist/ is missing: run `pnpm build` first.');
  process.exit(1);
}

/** The little of Playwright's API used here (its types are not a dependency of ours). */
interface Route {
  fulfill(response: { contentType: string; body: string }): Promise<void>;
  abort(reason: string): Promise<void>;
}
interface Page {
  on(event: 'pageerror', handler: (error: Error) => void): void;
  on(event: 'request', handler: (request: { url(): string; method(): string }) => void): void;
  route(url: string, handler: (route: Route) => void): Promise<void>;
  unroute(url: string): Promise<void>;
  goto(url: string): Promise<unknown>;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  waitForFunction<A>(
    fn: (arg: A) => unknown,
    arg: A,
    options: { timeout: number },
  ): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  keyboard: { press(key: string): Promise<void> };
}
interface Browser {
  newContext(): Promise<{ newPage(): Promise<Page>; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** Declines every payment, so the deposit step shows Stripe's reason. */
const FAKE_STRIPE_JS = `window.Stripe = () => ({
  elements: () => ({ create: () => ({ mount() {}, destroy() {} }) }),
  confirmPayment: async () => ({ error: { type: 'card_error', message: 'declined' } }),
});`;
const LEFTOVERS = /undefined|\{\w+\}/;
const STEPS_CHUNK = /\/book-sprintz-booking-steps-[^/]+\.js$/;

const server = await startDemoServer(0);
const browser = await launchChromium<Browser>();
let failures = 0;
function check(what: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : ` ${detail}`}`);
}

/**
 * A page with the built element in `locale`, and helpers to look into its shadow root;
 * requests to `blocked` (a URL glob) fail like a blocked network.
 */
async function open(locale: string, blocked?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (blocked) await page.route(blocked, (route) => route.abort('failed'));
  page.on('pageerror', (error) => check(`${locale}: no page error`, false, error.message));
  const languages: string[] = [];
  /** Requests for the booking steps' chunk; holds released. */
  const steps: string[] = [];
  const released: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'DELETE' && /\/holds\//.test(request.url())) {
      released.push(request.url());
    }
    const chunk = /\/book-sprintz-(en|es|fr)-[^/]+\.js$/.exec(request.url());
    if (chunk) languages.push(chunk[1]!);
    if (STEPS_CHUNK.test(request.url())) steps.push(request.url());
  });
  await page.route('https://js.stripe.com/**', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: FAKE_STRIPE_JS }),
  );
  await page.route(`${server.url}/blank`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><body></body>' }),
  );
  await page.goto(`${server.url}/blank`);
  await page.evaluate(
    ({ src, locale }) => {
      const script = document.createElement('script');
      script.type = 'module';
      script.src = src;
      document.head.append(script);
      const element = document.createElement('book-sprintz');
      element.setAttribute('tenant', 'demo');
      element.setAttribute('locale', locale);
      element.setAttribute('staff', 'any');
      document.body.append(element);
    },
    { src: `${server.url}/widget/v1/book-sprintz.js`, locale },
  );
  const wait = (selector: string) =>
    page.waitForFunction(
      (selector) => document.querySelector('book-sprintz')?.shadowRoot?.querySelector(selector),
      selector,
      { timeout: 8000 },
    );
  const text = (selector: string) =>
    page.evaluate(
      (selector) =>
        document
          .querySelector('book-sprintz')
          ?.shadowRoot?.querySelector(selector)
          ?.textContent?.trim()
          .replace(/\s+/g, ' '),
      selector,
    );
  const click = (selector: string) =>
    page.evaluate(
      (selector) =>
        document
          .querySelector('book-sprintz')
          ?.shadowRoot?.querySelector<HTMLElement>(selector)
          ?.click(),
      selector,
    );
  const all = () =>
    page.evaluate(
      () => document.querySelector('book-sprintz')?.shadowRoot?.textContent ?? '',
      null,
    );
  /** Waits (up to 8 s) until `condition` holds; false if it never did. */
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 80 && !condition(); i++) await page.waitForTimeout(100);
    return condition();
  };
  return { context, page, languages, steps, released, until, wait, text, click, all };
}

async function flow(locale: string, t: Translations): Promise<void> {
  const { context, page, languages, steps, until, wait, text, click, all } = await open(locale);
  const fill = () =>
    page.evaluate(() => {
      const root = document.querySelector('book-sprintz')!.shadowRoot!;
      for (const [id, value] of [
        ['field-name', 'Ann'],
        ['field-email', 'ann@example.com'],
      ] as const) {
        const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
      }
    }, null);

  await wait('[data-testid="service-color"]');
  check(`${locale}: service step`, (await text('#step-title')) === t.steps.service);
  check(`${locale}: its language only`, languages.join() === locale, languages.join());
  check(`${locale}: no booking steps with the element`, !steps.length, steps.join());
  await click('[data-testid="service-color"]');
  await wait('[data-testid^="slot-"]');
  check(`${locale}: time step`, (await text('#step-title')) === t.steps.time);
  check(
    `${locale}: booking steps fetched once the times show`,
    await until(() => steps.length === 1),
    steps.join(),
  );
  check(`${locale}: time texts`, !LEFTOVERS.test(await all()));
  const labels = await page.evaluate(
    () =>
      [
        ...document
          .querySelector('book-sprintz')!
          .shadowRoot!.querySelectorAll('[data-testid^="calendar-date-"]'),
      ]
        .map((day) => day.getAttribute('aria-label'))
        .join('|'),
    null,
  );
  check(`${locale}: day labels`, !LEFTOVERS.test(labels));
  const before = await page.evaluate(() => {
    const root = document.querySelector('book-sprintz')!.shadowRoot!;
    const day = root.querySelector<HTMLElement>('td [tabindex="0"]')!;
    day.focus();
    return day.dataset.date;
  }, null);
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(200);
  const after = await page.evaluate(
    () =>
      document.querySelector('book-sprintz')!.shadowRoot!.activeElement?.getAttribute('data-date'),
    null,
  );
  check(`${locale}: arrow keys move in the grid`, !!after && after !== before);

  await click('[data-testid^="slot-"]');
  await wait('#field-name');
  await fill();
  check(
    `${locale}: details step`,
    (await text('[data-testid="book-now"]')) === t.continueToPayment,
  );
  await click('[data-testid="book-now"]');
  await wait('[data-testid="pay-deposit"][aria-disabled="false"]');
  check(`${locale}: deposit step`, (await text('#step-title')) === t.steps.deposit);
  const amount = await text('[data-testid="deposit-amount"]');
  check(`${locale}: deposit amount`, !!amount?.startsWith(t.deposit.dueNow.split('{')[0]!.trim()));
  check(`${locale}: deposit texts`, !LEFTOVERS.test(await all()));
  await click('[data-testid="pay-deposit"]');
  await wait('[data-testid="error"]');
  check(
    `${locale}: declined payment`,
    (await text('[data-testid="error"] p')) === `${t.errors.payment_failed} declined`,
  );

  await page.evaluate(
    () => document.querySelector('book-sprintz')!.setAttribute('service', 'haircut'),
    null,
  );
  await wait('[data-testid^="slot-"]');
  await click('[data-testid^="slot-"]');
  await wait('#field-name');
  await fill();
  check(`${locale}: book button`, (await text('[data-testid="book-now"]')) === t.bookNow);
  await click('[data-testid="book-now"]');
  await wait('[data-testid="confirmation"]');
  const title = (await text('#step-title')) ?? '';
  check(`${locale}: confirmation`, [t.confirmedTitle, t.pendingTitle].includes(title));
  check(`${locale}: book another`, (await text('[data-testid="book-another"]')) === t.bookAnother);
  check(`${locale}: confirmation texts`, !LEFTOVERS.test(await all()));
  await context.close();
}

/** No language chunk can load: English's generic error, and Try again loads the page's language. */
async function noLanguage(): Promise<void> {
  const chunks = '**/book-sprintz-{en,fr}-*.js';
  const { context, page, wait, text, click } = await open('fr', chunks);
  await wait('[data-testid="error"]');
  check(
    'no language: English error',
    (await text('[data-testid="error"] p')) === essentials.generic,
  );
  await page.unroute(chunks);
  await click('[data-testid="retry"]');
  await wait('[data-testid="service-color"]');
  check('no language: Try again', (await text('#step-title')) === fr.steps.service);
  await context.close();
}

/** The booking steps' chunk cannot load: picking a time says so, and Try again recovers. */
async function noBookingSteps(): Promise<void> {
  const blocked = '**/book-sprintz-booking-steps-*.js';
  const { context, page, released, until, wait, text, click } = await open('en', blocked);
  await wait('[data-testid="service-color"]');
  await click('[data-testid="service-color"]');
  await wait('[data-testid^="slot-"]');
  await click('[data-testid^="slot-"]');
  await wait('[data-testid="error"]');
  check('no booking steps: told', (await text('[data-testid="error"] p')) === en.errors.network);
  check('no booking steps: still the times', (await text('#step-title')) === en.steps.time);
  check('no booking steps: the time let go', await until(() => released.length === 1));
  await page.unroute(blocked);
  await click('[data-testid="retry"]');
  await wait('#field-name');
  check('no booking steps: Try again', (await text('#step-title')) === en.steps.details);
  await context.close();
}

try {
  await flow('en', en);
  await flow('fr', fr);
  await flow('es', es);
  await noLanguage();
  await noBookingSteps();
} finally {
  await browser.close();
  server.close();
}
console.log(failures ? `check:dist: ${failures} failed` : 'check:dist: all passed');
process.exit(failures ? 1 : 0);
