/**
 * The development providers' console lines (`SentMessage.logLine`: the `log` e-mail and
 * SMS providers), written together at most every `PROVIDER_LOG_EVERY_MS` per isolate.
 *
 * Why: under `wrangler dev` a console call is serialised by workerd and sent over the
 * inspector to wrangler's node process, which handles it whether or not its log level
 * prints it (the dev stack runs it at `warn`). One call per delivery run cost ~3.5 ms of
 * the machine's CPU per booking (workerd and wrangler's node), more than the Worker's
 * own code for a booking (docs/performance.md). The lines are the same, in the same
 * order, only grouped; the messages themselves are in the outbox table already
 * (`/dev/outbox`), so nothing waits for the console.
 *
 * The caller whose lines start a batch owns its timer and awaits the write (its
 * `waitUntil` keeps the isolate alive for it); later callers in the same window only add
 * their lines. No promise crosses from one request's or object's context to another's.
 */
export const PROVIDER_LOG_EVERY_MS = 250;

export interface ProviderLog {
  /** Adds the lines; resolves once they are written (at once for a caller that joins a
   * batch another caller owns). */
  write(lines: readonly string[]): Promise<void>;
}

export function providerLog(
  print: (text: string) => void = (text) => console.log(text),
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  everyMs = PROVIDER_LOG_EVERY_MS,
): ProviderLog {
  let pending: string[] = [];
  let open = false;
  return {
    async write(lines) {
      if (lines.length === 0) return;
      pending.push(...lines);
      if (open) return;
      open = true;
      try {
        await wait(everyMs);
      } finally {
        open = false;
        const batch = pending;
        pending = [];
        if (batch.length > 0) print(batch.join('\n'));
      }
    },
  };
}

/** The isolate's one log for the providers' lines. */
export const providerLines: ProviderLog = providerLog();
