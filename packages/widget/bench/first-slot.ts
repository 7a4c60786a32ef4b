/**
 * Script tag inserted → first slot button painted (DESIGN.md §9: ≤ 300 ms median,
 * loopback, headless Chromium).
 *
 * With BOOKSPRINTZ_URL unset it runs against scripts/serve-demo.ts (the built widget and
 * an in-memory fake of the API) and prints `first_slot_stub_ms`: the widget's own share,
 * a lower bound. With BOOKSPRINTZ_URL=http://127.0.0.1:8787 (a running `pnpm dev`) it
 * measures the real stack and prints `first_slot_ms`.
 *
 * Each run opens a fresh page (no HTTP cache), inserts the module script and a
 * <book-sprintz> preselecting a service and "any staff", and stops at the first animation
 * frame after a slot button exists.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM, launchChromium } from '../scripts/chromium.ts';
import { startDemoServer } from '../scripts/serve-demo.ts';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.RUNS ?? 15);
const service = process.env.SERVICE ?? 'haircut';
/**
 * Builds to compare on the same server, alternated run by run so that both meet the same
 * load (SRCS=/widget/v1/book-sprintz.js,/widget-baseline/v1/book-sprintz.js): one line
 * each, the first as `first_slot_ms`, the others named after their first path segment.
 */
const srcs = (process.env.SRCS ?? '/widget/v1/book-sprintz.js').split(',');

if (!existsSync(join(root, 'dist/widget'))) {
  console.error('dist/ is missing: run `pnpm build` first.');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`first-slot bench skipped: no Chromium at ${CHROMIUM}`);
  process.exit(0);
}

/** The little of Playwright's API used here (its types are not a dependency of ours). */
interface Page {
  route(
    url: string,
    handler: (route: {
      fulfill(response: { contentType: string; body: string }): Promise<void>;
    }) => void,
  ): Promise<void>;
  goto(url: string): Promise<unknown>;
  evaluate<T, A>(fn: (arg: A) => Promise<T>, arg: A): Promise<T>;
}
interface Browser {
  newContext(): Promise<{ newPage(): Promise<Page>; close(): Promise<void> }>;
  close(): Promise<void>;
}

const real = process.env.BOOKSPRINTZ_URL;
const server = real ? undefined : await startDemoServer(0);
const origin = real ?? server!.url;

const browser = await launchChromium<Browser>();
const times = new Map<string, number[]>(srcs.map((src) => [src, []]));
/** With TRACE=1, each run's requests (start → end, ms from the script's insertion). */
const traces: string[][] = [];
try {
  // Comparing builds: one untimed run each first, so neither is charged the stack's
  // first requests (a cold isolate, the pool's first connection).
  const warmup = srcs.length > 1 ? srcs.length : 0;
  for (let i = -warmup; i < runs * srcs.length; i++) {
    const src = srcs[(i + warmup) % srcs.length]!;
    const context = await browser.newContext();
    const page = await context.newPage();
    // A blank page of the same origin, so the measurement is only the widget.
    await page.route(`${origin}/bench-blank`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>bench</title><body></body>',
      }),
    );
    await page.goto(`${origin}/bench-blank`);
    const { ms, trace } = await page.evaluate(
      ({ src, service }: { src: string; service: string }) =>
        new Promise<{ ms: number; trace: string[] }>((done, fail) => {
          const start = performance.now();
          const script = document.createElement('script');
          script.type = 'module';
          script.src = src;
          document.head.append(script);
          const element = document.createElement('book-sprintz');
          element.setAttribute('tenant', 'demo');
          element.setAttribute('service', service);
          element.setAttribute('staff', 'any');
          document.body.append(element);
          let defined = 0;
          customElements.whenDefined('book-sprintz').then(() => {
            defined = performance.now() - start;
          });
          const poll = () => {
            if (element.shadowRoot?.querySelector('[data-testid^="slot-"]')) {
              requestAnimationFrame(() => {
                const ms = performance.now() - start;
                const trace = performance.getEntriesByType('resource').map((entry) => {
                  const r = entry as PerformanceResourceTiming;
                  const path = new URL(r.name).pathname.replace(/^.*\/(?=[^/]+\/?$)/, '');
                  return `${Math.round(r.startTime - start)}→${Math.round(r.responseEnd - start)} ${path}`;
                });
                done({ ms, trace: [`defined ${Math.round(defined)}`, ...trace] });
              });
            } else if (performance.now() - start > 10_000) {
              fail(new Error('no slot within 10 s'));
            } else {
              requestAnimationFrame(poll);
            }
          };
          poll();
        }),
      { src: `${origin}${src}`, service },
    );
    await context.close();
    if (i < 0) continue;
    times.get(src)!.push(ms);
    traces.push([`${srcs.length > 1 ? `${src} ` : ''}${Math.round(ms)} ms`, ...trace]);
  }
} finally {
  await browser.close();
  server?.close();
}
if (process.env.TRACE) for (const trace of traces) console.log(trace.join(' | '));
for (const [index, src] of srcs.entries()) {
  const sorted = times.get(src)!.sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const name = real ? 'first_slot_ms' : 'first_slot_stub_ms';
  const label = index === 0 ? '' : `_${src.split('/')[1]!.replace(/\W/g, '_')}`;
  console.log(`BENCH ${name}${label} ${Math.round(median)} ms`);
}
