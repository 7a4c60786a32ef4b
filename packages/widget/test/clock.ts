/**
 * The component tests' clock: a fixed moment (a Wednesday in mid-May, far from month ends
 * and DST changes), running on from there in real time so timers and countdowns still
 * work. The element and the fake API both read it (`el.now`, `new FakeApi(now)`), so no
 * test depends on the day it runs. `WIDGET_TEST_NOW=2026-11-30T23:30:00-05:00 pnpm test`
 * runs the suite at another moment (web-test-runner.config.mjs hands it to the page).
 */
const start = Date.parse(
  (globalThis as { WIDGET_TEST_NOW?: string }).WIDGET_TEST_NOW || '2026-05-13T10:00:00-04:00',
);
const started = performance.now();

export const now = (): number => start + Math.round(performance.now() - started);

/** Today's date in a zone, by the test clock. */
export const todayIn = (zone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(now());
