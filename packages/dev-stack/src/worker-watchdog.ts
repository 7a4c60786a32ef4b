import { delay } from './wrangler-process.ts';

export interface WorkerWatchdog {
  /** Restarts done so far (tests count them). */
  restarts(): number;
  stop(): void;
}

/**
 * Watches the Worker `pnpm dev` started. When workerd is killed, wrangler starts a new
 * one but its proxy keeps every request hanging for minutes; when wrangler itself dies,
 * nothing answers at all. Either way, two health probes in a row that get no answer
 * (any HTTP status is an answer: a 503 while Postgres restarts is a live Worker) make
 * the watchdog restart `wrangler dev`.
 */
export function watchWorker(options: {
  url: string;
  /** Milliseconds between probes (BOOKSPRINTZ_WATCH_MS in `pnpm dev`, default 5000). */
  intervalMs: number;
  /** How long a probe may wait for an answer. */
  probeTimeoutMs?: number;
  /** Resolves when wrangler exits by itself. */
  exited: () => Promise<unknown>;
  restart: () => Promise<void>;
  notify: (line: string) => void;
}): WorkerWatchdog {
  const timeout = options.probeTimeoutMs ?? 10_000;
  let stopped = false;
  let restarts = 0;
  let wranglerGone = false;
  const watchExit = () =>
    void options.exited().then(() => {
      if (!stopped) wranglerGone = true;
    });
  watchExit();

  const answers = async () => {
    try {
      const response = await fetch(`${options.url}/api/booking/v1/health`, {
        signal: AbortSignal.timeout(timeout),
      });
      await response.body?.cancel();
      return true;
    } catch {
      return false;
    }
  };

  void (async () => {
    let misses = 0;
    while (!stopped) {
      await delay(options.intervalMs);
      if (stopped) return;
      misses = wranglerGone ? 2 : (await answers()) ? 0 : misses + 1;
      if (stopped || misses < 2) continue;
      options.notify(
        wranglerGone
          ? 'wrangler dev exited; restarting the Worker…'
          : 'The Worker stopped answering (workerd died?); restarting wrangler dev…',
      );
      try {
        await options.restart();
        restarts++;
        wranglerGone = false;
        watchExit();
        misses = 0;
        options.notify('Worker restarted.');
      } catch (error) {
        options.notify(`Restarting the Worker failed: ${String(error)}; trying again.`);
      }
    }
  })();

  return {
    restarts: () => restarts,
    stop: () => {
      stopped = true;
    },
  };
}
