import { bookingNotifications } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import type { NotificationPayload } from '../notifications/outbox.ts';
import { localeOf } from '../notifications/templates/format.ts';
import { renderCalendarRevoked } from '../notifications/templates/render.ts';

const PROVIDER_NAMES: Record<string, string> = { google: 'Google Calendar', microsoft: 'Outlook' };

/**
 * Tells the business once, by e-mail through the outbox, that a calendar connection
 * stopped working because the provider revoked our access (Cal.com #7564, #5796: nobody
 * was told). Keyed by the connection and the moment it was marked revoked: the caller
 * only queues this on the transition, so retries and later syncs add nothing. Written
 * in the business's language (its `locale`: English, Spanish or French).
 */
export async function queueCalendarRevokedNotice(
  tx: TenantDb,
  notice: { connectionId: string; provider: string; staffName: string; revokedAt: Date },
): Promise<void> {
  const tenant = await tx.tenant();
  if (!tenant?.email) return;
  // In the business's language, as its other e-mails (en, es, fr).
  const locale = localeOf(tenant.locale);
  const rendered = renderCalendarRevoked(
    { provider: PROVIDER_NAMES[notice.provider] ?? notice.provider, staffName: notice.staffName },
    locale,
  );
  const payload: NotificationPayload = {
    audience: 'business',
    event: 'calendar.revoked',
    brand: { name: tenant.business_name, color: tenant.primary_color, logo_url: tenant.logo_url },
    reply_to: null,
    appointment_start: null,
    ...(rendered.content ? { email: rendered.content } : {}),
  };
  await tx
    .raw()
    .insert(bookingNotifications)
    .values({
      tenant_id: tx.tenantId,
      appointment_id: null,
      idempotency_key: `calendar_revoked:${notice.connectionId}:${notice.revokedAt.getTime()}`,
      type: 'calendar_revoked',
      channel: 'email',
      recipient_email: tenant.email,
      locale,
      payload: payload as unknown as Record<string, unknown>,
      subject: rendered.subject,
      message: rendered.text,
      scheduled_for: notice.revokedAt,
      next_attempt_at: notice.revokedAt,
    })
    .onConflictDoNothing({
      target: [bookingNotifications.tenant_id, bookingNotifications.idempotency_key],
    });
}
