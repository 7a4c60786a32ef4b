/**
 * Where the first slot's time goes in the browser: the first-slot bench's page (script tag
 * inserted, a <book-sprintz> preselecting a service and "any staff"), run RUNS times under
 * Chromium's CPU profiler (CDP), with the samples split into three phases — until the
 * element is defined, until the last API answer is in, until the first slot is painted —
 * and self time summed per function in each. Against scripts/serve-demo.ts (the built
 * widget and the fake API) unless BOOKSPRINTZ_URL names a running stack. Printed, never
 * asserted: `node bench/first-slot-profile.ts` after `pnpm build`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM, launchChromium } from '../scripts/chromium.ts';
import { startDemoServer } from '../scripts/serve-demo.ts';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.RUNS ?? 10);
const src = process.env.SRC ?? '/widget/v1/book-sprintz.js';
const TOP = Number(process.env.TOP ?? 12);

if (!existsSync(join(root, 'dist/widget')) || !existsSync(CHROMIUM)) {
  console.error('needs dist/ (pnpm build) and Chromium');
  process.exit(1);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface Cdp {
  send(method: string, params?: object): Promise<Record<string, unknown>>;
}
interface Page {
  goto(url: string): Promise<unknown>;
  route(
    url: string,
    handler: (route: { fulfill(r: object): Promise<void> }) => void,
  ): Promise<void>;
  evaluate<T, A>(fn: (arg: A) => Promise<T>, arg: A): Promise<T>;
}
interface Browser {
  newContext(): Promise<{
    newPage(): Promise<Page>;
    newCDPSession(page: Page): Promise<Cdp>;
    close(): Promise<void>;
  }>;
  close(): Promise<void>;
}

const real = process.env.BOOKSPRINTZ_URL;
const server = real ? undefined : await startDemoServer(0);
const origin = real ?? server!.url;
const browser = await launchChromium<Browser>();

const PHASES = ['to defined', 'to last answer', 'to slot painted'] as const;
/** Per phase: function → self ms, summed over the runs; and the phases' wall time. */
const self = PHASES.map(() => new Map<string, number>());
const wall = PHASES.map(() => 0);
/** Chromium's own counters for the whole page (Performance.getMetrics), summed. */
const totals = new Map<string, number>();

try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(`${origin}/bench-blank`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><body></body>' }),
    );
    await page.goto(`${origin}/bench-blank`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const marks = await page.evaluate(
      (url: string) =>
        new Promise<number[]>((done) => {
          // A named busy spell just before the start: its last sample aligns the clocks.
          const spin = performance.now();
          (function benchProfileStart() {
            while (performance.now() - spin < 10);
          })();
          const start = performance.now();
          const script = document.createElement('script');
          script.type = 'module';
          script.src = url;
          document.head.append(script);
          const element = document.createElement('book-sprintz');
          element.setAttribute('tenant', 'demo');
          element.setAttribute('service', 'haircut');
          element.setAttribute('staff', 'any');
          document.body.append(element);
          let defined = 0;
          customElements.whenDefined('book-sprintz').then(() => {
            defined = performance.now() - start;
          });
          const poll = () => {
            if (!element.shadowRoot?.querySelector('[data-testid^="slot-"]'))
              return requestAnimationFrame(poll);
            requestAnimationFrame(() => {
              const painted = performance.now() - start;
              const answers = performance
                .getEntriesByType('resource')
                .filter((e) => e.name.includes('/api/booking/'))
                .map((e) => (e as PerformanceResourceTiming).responseEnd - start);
              done([defined, Math.max(...answers), painted]);
            });
          };
          poll();
        }),
      `${origin}${src}`,
    );
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const { metrics } = (await cdp.send('Performance.getMetrics')) as unknown as {
      metrics: Array<{ name: string; value: number }>;
    };
    for (const { name, value } of metrics)
      if (name.endsWith('Duration') || name.endsWith('Count'))
        totals.set(name, (totals.get(name) ?? 0) + value);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    let at = 0;
    let zero: number | undefined;
    const times = profile.timeDeltas.map((delta) => (at += delta / 1000));
    profile.samples.forEach((id, i) => {
      if (byId.get(id)?.callFrame.functionName === 'benchProfileStart') zero = times[i + 1];
    });
    if (zero === undefined) throw new Error('no start marker in the profile');
    profile.samples.forEach((id, i) => {
      const t = times[i]! - zero!;
      const phase = marks.findIndex((mark) => t < mark);
      if (phase < 0 || t < 0 || byId.get(id)!.callFrame.functionName === 'benchProfileStart')
        return;
      const frame = byId.get(id)!.callFrame;
      const file = frame.url.split('/').pop() || '';
      const name = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ''}`;
      const ms = (times[i + 1] ?? times[i]!) - times[i]!;
      self[phase]!.set(name, (self[phase]!.get(name) ?? 0) + ms);
    });
    marks.forEach((mark, i) => {
      wall[i]! += mark - (marks[i - 1] ?? 0);
    });
    await context.close();
  }
} finally {
  await browser.close();
  server?.close();
}

PHASES.forEach((phase, i) => {
  const entries = [...self[i]!].sort((a, b) => b[1] - a[1]);
  const busy = entries
    .filter(([name]) => !name.startsWith('(idle)'))
    .reduce((s, [, ms]) => s + ms, 0);
  console.log(
    `\n${phase}: ${(wall[i]! / runs).toFixed(1)} ms wall, ${(busy / runs).toFixed(1)} ms busy (mean of ${runs})`,
  );
  for (const [name, ms] of entries.slice(0, TOP))
    console.log(`  ${(ms / runs).toFixed(1).padStart(6)}  ${name}`);
});

console.log('\nwhole page, mean per run (Performance.getMetrics):');
for (const [name, value] of totals)
  console.log(
    `  ${name} ${name.endsWith('Duration') ? `${((value * 1000) / runs).toFixed(1)} ms` : (value / runs).toFixed(0)}`,
  );
