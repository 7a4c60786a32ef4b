import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './env.ts';
import { everyThrowAnError, onError, problemResponse } from './http/problem.ts';
import { database } from './middleware/database.ts';
import { accountRoutes } from './routes/account/index.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { devDeliveryRoutes, devOutboxPage } from './routes/dev/outbox.ts';
import { devSlotLockRoutes } from './routes/dev/slot-lock.ts';
import { feedRoutes } from './routes/feeds/staff-feed.ts';
import { oauthCallbackRoutes } from './routes/oauth/calendar-callback.ts';
import { bookingPageRoutes } from './routes/pages/booking-page.ts';
import { demoRoutes } from './routes/pages/demo.ts';
import { managePageRoutes } from './routes/pages/manage-page.ts';
import { ownerAppRoutes } from './routes/pages/owner-app.ts';
import { platformRoutes } from './routes/platform/index.ts';
import { apiDocsRoutes } from './routes/public/api-docs.ts';
import { healthRoutes } from './routes/public/health.ts';
import { publicRoutes } from './routes/public/index.ts';
import { openApiRoutes } from './routes/public/openapi.ts';
import { calendarWebhookRoutes } from './routes/webhooks/calendar.ts';
import { stripeWebhookRoutes } from './routes/webhooks/stripe.ts';
import { stripeBillingWebhookRoutes } from './routes/webhooks/stripe-billing.ts';

/** Request bodies above this are refused with 413 before any parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Builds the Hono app: middleware, the API under `/api/booking/v1`, one error handler. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(everyThrowAnError);
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES }));
  app.use('/api/*', database);
  app.use('/manage/*', bodyLimit({ maxSize: MAX_BODY_BYTES }));
  app.use('/manage/*', database);

  const api = new Hono<AppEnv>();
  // Fixed paths first: `/:tenant` would otherwise swallow `health`.
  api.route('/', healthRoutes);
  api.route('/', openApiRoutes);
  api.route('/', platformRoutes);
  api.route('/', accountRoutes);
  api.route('/', adminRoutes);
  api.route('/dev', devSlotLockRoutes);
  api.route('/dev', devDeliveryRoutes);
  api.route('/webhooks', stripeWebhookRoutes);
  api.route('/webhooks', stripeBillingWebhookRoutes);
  api.route('/webhooks', calendarWebhookRoutes);
  api.route('/oauth', oauthCallbackRoutes);
  api.route('/feeds', feedRoutes);
  api.route('/', publicRoutes);
  app.route('/api/booking/v1', api);
  app.route('/', apiDocsRoutes);
  app.route('/', demoRoutes);
  app.route('/', managePageRoutes);
  app.route('/', ownerAppRoutes);
  app.route('/dev', devOutboxPage);
  // Last: `/{tenant}` would otherwise answer for every other one-segment path.
  app.route('/', bookingPageRoutes);

  app.notFound((c) =>
    problemResponse(c, 'not_found', 404, `No route for ${c.req.method} ${c.req.path}.`),
  );
  app.onError(onError);
  return app;
}
