import { openDatabase } from './db/client.ts';
import { renewPushChannels } from './features/calendar/push-channels.ts';
import { pollCalendarConnections } from './features/calendar/sync.ts';
import { deliverInBackground } from './features/notifications/events.ts';
import { retryDueRefunds } from './features/payments/refunds.ts';

/**
 * The cron trigger (every minute, wrangler.toml): sends reminders that came due and
 * retries failed messages and webhooks. Requests send their own messages right away;
 * this catches everything time-based or left over.
 */
export async function handleScheduled(
  _controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  ctx.waitUntil(deliverInBackground(env));
  // Refunds Stripe could not take when they were decided (it was down) go again.
  ctx.waitUntil(retryDueRefunds(env));
  // The calendar safety poll: every connection read at least every 15 minutes.
  ctx.waitUntil(pollCalendars(env));
}

async function pollCalendars(env: Env): Promise<void> {
  const { db, close } = openDatabase(env);
  try {
    const now = new Date();
    // Channels first: renewed before they expire, never after.
    await renewPushChannels(db, env, now);
    await pollCalendarConnections(db, env, now);
  } catch (error) {
    console.error('calendar poll failed', error);
  } finally {
    await close().catch(() => undefined);
  }
}
