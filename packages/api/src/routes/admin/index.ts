import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { requireTenantKey } from '../../middleware/auth.ts';
import { analyticsRoutes } from './analytics.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { appointmentRoutes } from './appointments.ts';
import { availabilityRuleRoutes } from './availability-rules.ts';
import { calendarConnectionRoutes } from './calendar-connections.ts';
import { calendarFeedRoutes } from './calendar-feed.ts';
import { customerRoutes } from './customers.ts';
import { externalBusyRoutes } from './external-busy.ts';
import { invitationRoutes } from './invitations.ts';
import { locationRoutes } from './locations.ts';
import { paymentSettingsRoutes } from './payment-settings.ts';
import { planRoutes } from './plan.ts';
import { serviceRoutes } from './services.ts';
import { staffRoutes } from './staff.ts';
import { tenantRoutes } from './tenants.ts';
import { webhookRoutes } from './webhooks.ts';
import { widgetRoutes } from './widgets.ts';

/** Everything under `/tenants/:tenant_id/…` needs that tenant's key or a member's session. */
const tenantResources = new Hono<AppEnv>()
  .use('*', requireTenantKey)
  .route('/staff/:staff_id/calendar-feed', calendarFeedRoutes)
  .route('/staff', staffRoutes)
  .route('/services', serviceRoutes)
  .route('/locations', locationRoutes)
  .route('/availability-rules', availabilityRuleRoutes)
  .route('/widgets', widgetRoutes)
  .route('/customers', customerRoutes)
  .route('/api-keys', apiKeyRoutes)
  .route('/appointments', appointmentRoutes)
  .route('/webhooks', webhookRoutes)
  .route('/payment-settings', paymentSettingsRoutes)
  .route('/analytics', analyticsRoutes)
  .route('/invitations', invitationRoutes)
  .route('/plan', planRoutes)

  .route('/calendar-connections', calendarConnectionRoutes)
  .route('/external-busy', externalBusyRoutes);

export const adminRoutes = new Hono<AppEnv>()
  .route('/', tenantRoutes)
  .route('/tenants/:tenant_id', tenantResources);
