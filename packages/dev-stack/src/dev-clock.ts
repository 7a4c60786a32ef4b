/**
 * The once-a-minute cron that `wrangler dev` and a self-hosted workerd never fire by
 * themselves (DESIGN §6): reminders, message and webhook retries, refund retries and
 * expiries run from the Worker's `scheduled` handler, which this clock calls through
 * the local test endpoint `wrangler dev` exposes.
 */
export interface DevClock {
  /** Ticks sent so far (tests count them). */
  ticks(): number;
  stop(): void;
}

/** The cron expression the Worker is told fired; matches wrangler.toml's trigger. */
const CRON = '* * * * *';

export function startDevClock(options: {
  /** The Worker's origin, e.g. http://127.0.0.1:8787. */
  url: string;
  /** Milliseconds between ticks; 60 000 in `pnpm dev` (BOOKSPRINTZ_TICK_MS overrides). */
  intervalMs: number;
  /** Told once when ticks start failing and once when they work again. */
  notify: (line: string) => void;
}): DevClock {
  let sent = 0;
  let failing = false;
  let running = false;
  let stopped = false;
  const endpoint = `${options.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(CRON)}`;
  const tick = async () => {
    // A tick that is still running (a slow provider) is not doubled up.
    if (running) return;
    running = true;
    try {
      const response = await fetch(endpoint, { signal: AbortSignal.timeout(30_000) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`scheduled handler answered ${response.status}`);
      sent++;
      if (failing) options.notify('Scheduled work runs again.');
      failing = false;
    } catch (error) {
      if (stopped) return;
      if (!failing) options.notify(`Scheduled tick failed: ${String(error)}`);
      failing = true;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return {
    ticks: () => sent,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** `BOOKSPRINTZ_TICK_MS` (a whole number of milliseconds, at least 100), else a minute. */
export function devTickInterval(value: string | undefined): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 100 ? parsed : 60_000;
}
