/**
 * The notification outbox (DESIGN §6): the rows a booking event plans, what each
 * message carries, and reading them back for sending.
 *
 * Long file: planning, payload and claim are one row's life; split them when a fourth
 * kind of message joins e-mail and SMS.
 */
import type { BookingEventType } from '@booksprintz/shared';
import { and, eq, inArray } from 'drizzle-orm';
import { decryptNullable, ENCRYPTED, encryptField } from '../../db/field-encryption.ts';
import { bookingNotifications } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { calendarSequence, type InviteDetails } from '../../integrations/ics/appointment-ics.ts';
import { manageToken } from '../booking/manage-token.ts';
import type { BookingSnapshot } from './booking-snapshot.ts';
import { calendarEventOf } from './calendar-event.ts';
import { type CustomerLinks, customerLinks } from './customer-links.ts';
import {
  type Audience,
  type NotificationType,
  type PlannedMessage,
  planNotifications,
} from './notification-plan.ts';
import type { CalendarLinks, CopyKey, MessageFacts } from './templates/copy.ts';
import type { EmailContent } from './templates/email-content.ts';
import {
  COPY,
  formatInstant,
  localeOf,
  overridesFrom,
  renderBookingMessage,
  renderWebhookDisabled,
  zonesDiffer,
} from './templates/render.ts';

/** What the sender needs besides the rendered text; stored in the row's `payload`. */
export interface NotificationPayload {
  audience: Audience;
  event: string;
  /** Rows queued `when_due` have none until they are rendered. */
  brand?: { name: string; color: string; logo_url?: string | null };
  reply_to: string | null;
  appointment_start: string | null;
  offset_minutes?: number;
  invite?: InviteDetails;
  /** E-mails: what the text and HTML parts are made from (rows queued before: none). */
  email?: EmailContent;
  /**
   * Rendered when it goes out, not when queued (`renderDueRow`): until then the row
   * has no subject, text, brand or e-mail content.
   */
  when_due?: true;
}

/** The messages that tell a customer of a change the business made. */
const CHANGE_MESSAGES = new Set<NotificationType>(['rescheduled', 'cancellation']);

/** The customer's links as a booking's messages carry them (`planBookingNotifications`). */
export interface PlannedLinks {
  /** PUBLIC_BASE_URL, as configured. */
  base: string;
  /** The manage token (`manageToken`). */
  token: string;
  links: CustomerLinks;
}

export type NewNotification = Omit<typeof bookingNotifications.$inferInsert, 'tenant_id' | 'id'>;

/** Inserts outbox rows; a row whose idempotency key is taken is silently skipped. */
async function insertOnce(tx: TenantDb, rows: NewNotification[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .raw()
    .insert(bookingNotifications)
    .values(rows.map((row) => ({ ...row, tenant_id: tx.tenantId })))
    .onConflictDoNothing({
      target: [bookingNotifications.tenant_id, bookingNotifications.idempotency_key],
    });
}

function copyKey(type: NotificationType, audience: Audience, status: string): CopyKey {
  const customer = audience === 'customer';
  switch (type) {
    case 'confirmation':
      if (!customer) return 'businessConfirmation';
      return status === 'pending' ? 'confirmationRequested' : 'confirmation';
    case 'approval_request':
      return 'approvalRequest';
    case 'rescheduled':
      return customer ? 'rescheduled' : 'businessRescheduled';
    case 'cancellation':
      return customer ? 'cancellation' : 'businessCancellation';
    case 'follow_up':
      return 'followUp';
    default:
      return 'reminder';
  }
}

/** REQUEST when the customer's calendar should show the event, CANCEL when not. */
function inviteFor(
  snapshot: BookingSnapshot,
  message: Pick<PlannedMessage, 'audience' | 'channel'>,
  key: CopyKey,
  manageUrl: string | null,
  now: Date,
): InviteDetails | undefined {
  if (message.audience !== 'customer' || message.channel !== 'email') return undefined;
  if (key !== 'confirmation' && key !== 'rescheduled' && key !== 'cancellation') return undefined;
  const cancel = key === 'cancellation';
  const event = calendarEventOf(snapshot, { manageUrl, stamp: now });
  return {
    ...event,
    method: cancel ? 'CANCEL' : 'REQUEST',
    status: cancel ? 'cancelled' : event.status,
    // Whether or not the booking path has written the status yet, a CANCEL outranks
    // the last REQUEST, with the number the download says too.
    sequence: calendarSequence({
      sequence: snapshot.appointment.sequence,
      status: cancel ? 'cancelled' : snapshot.appointment.status,
    }),
  };
}

async function customerPhone(env: Env, snapshot: BookingSnapshot): Promise<string | null> {
  try {
    return await decryptNullable(
      env.ENCRYPTION_KEY,
      ENCRYPTED.appointmentPhone,
      snapshot.appointment.customer_phone_encrypted,
    );
  } catch {
    // A phone we cannot read only costs the SMS, never the booking.
    return null;
  }
}

/**
 * Writes the customer's and the business's messages for one booking event into the
 * outbox, inside the caller's transaction: withdraws pending reminders the event makes
 * wrong, then queues what `planNotifications` decides, rendered in each reader's locale.
 */
export async function queueBookingNotifications(
  tx: TenantDb,
  env: Env,
  snapshot: BookingSnapshot,
  event: BookingEventFacts,
  now: Date,
): Promise<void> {
  const { withdraw, rows } = await planBookingNotifications(env, snapshot, event, now);
  const appt = snapshot.appointment;
  if (withdraw.length > 0) {
    await tx
      .raw()
      .update(bookingNotifications)
      .set({ status: 'cancelled', last_error: `withdrawn: ${event.type}`, updated_at: now })
      .where(
        tx.scope(
          bookingNotifications,
          and(
            eq(bookingNotifications.appointment_id, appt.id),
            eq(bookingNotifications.status, 'pending'),
            inArray(bookingNotifications.type, withdraw),
          ),
        ),
      );
  }
  await insertOnce(tx, rows);
}

/** A booking event, as the outbox's planning and rendering read it. */
export interface BookingEventFacts {
  type: BookingEventType;
  previousStartTime?: Date | undefined;
  notifyCustomer?: boolean | undefined;
}

/** What every message of one booking event shares: the reader-independent facts. */
interface MessageScene {
  snapshot: BookingSnapshot;
  event: BookingEventFacts;
  now: Date;
  businessEmail: string | null;
  staffEmail: string | null;
  manageUrl: string | null;
  calendarLinks: CalendarLinks | null;
  sealedPhone: string | null;
}

/** The customer's phone, links and sealed number for one event's messages. */
async function sceneOf(
  env: Env,
  snapshot: BookingSnapshot,
  event: BookingEventFacts,
  now: Date,
): Promise<{ scene: MessageScene; phone: string | null; links: PlannedLinks | null }> {
  const { appointment: appt, tenant } = snapshot;
  const phone = await customerPhone(env, snapshot);
  // Links need the API's public origin; without one (a misconfigured deployment) the
  // messages still go out, only without links.
  const base = env.PUBLIC_BASE_URL?.trim();
  const token = base ? await manageToken(env.MANAGE_TOKEN_SECRET, appt.id) : null;
  const links =
    base && token
      ? customerLinks(base, tenant.subdomain, appt.id, token, (manage) =>
          calendarEventOf(snapshot, { manageUrl: manage, stamp: now }),
        )
      : null;
  const sealedPhone = phone
    ? await encryptField(env.ENCRYPTION_KEY, ENCRYPTED.notificationPhone, phone)
    : null;
  return {
    phone,
    links: base && token && links ? { base, token, links } : null,
    scene: {
      snapshot,
      event,
      now,
      businessEmail: tenant.email?.toLowerCase() ?? null,
      staffEmail: snapshot.staff?.email?.toLowerCase() ?? null,
      manageUrl: links?.manage_url ?? null,
      calendarLinks: links
        ? {
            google: links.google_calendar_url,
            outlook: links.outlook_calendar_url,
            ics: links.calendar_url,
          }
        : null,
      sealedPhone,
    },
  };
}

/** The language a message is written in: the customer's, or the business's for its own. */
function readerLocale(snapshot: BookingSnapshot, audience: Audience) {
  return localeOf(audience === 'customer' ? snapshot.appointment.locale : snapshot.tenant.locale);
}

/** One message as its reader gets it: the subject, the text and the sender's payload. */
function renderMessage(
  scene: MessageScene,
  message: Pick<PlannedMessage, 'type' | 'audience' | 'channel' | 'offsetMinutes'>,
): Pick<NewNotification, 'locale' | 'subject' | 'message'> & { payload: NotificationPayload } {
  const { snapshot, event } = scene;
  const { appointment: appt, tenant } = snapshot;
  const customer = message.audience === 'customer';
  const locale = readerLocale(snapshot, message.audience);
  const key = copyKey(message.type, message.audience, appt.status);
  const facts: MessageFacts = {
    businessName: tenant.business_name,
    customerName: appt.customer_name,
    // A walk-in booked without an e-mail: the business's copy says so with a dash.
    customerEmail: appt.customer_email ?? '—',
    serviceName: snapshot.serviceName,
    staffName: snapshot.staff?.name ?? null,
    when: formatInstant(appt.start_time, snapshot.zone, locale),
    customerWhen:
      customer && appt.timezone && zonesDiffer(appt.start_time, snapshot.zone, appt.timezone)
        ? formatInstant(appt.start_time, appt.timezone, locale)
        : null,
    previousWhen:
      message.type === 'rescheduled' && event.previousStartTime
        ? formatInstant(event.previousStartTime, snapshot.zone, locale)
        : null,
    location: snapshot.location
      ? [snapshot.location.name, snapshot.location.address].filter(Boolean).join(', ')
      : null,
    confirmationCode: appt.confirmation_code,
    manageUrl: scene.manageUrl,
    calendarLinks: scene.calendarLinks,
    reason: message.type === 'cancellation' ? appt.cancellation_reason : null,
    notes: appt.customer_notes,
  };
  const rendered = renderBookingMessage(
    key,
    message.channel,
    facts,
    locale,
    overridesFrom(tenant.booking_page_settings, locale),
    customer ? null : scene.sealedPhone,
  );
  const invite = inviteFor(snapshot, message, key, scene.manageUrl, scene.now);
  return {
    locale,
    subject: rendered.subject,
    message: rendered.text,
    payload: {
      ...framePayload(scene, message),
      brand: {
        name: tenant.business_name,
        color: tenant.primary_color,
        logo_url: tenant.logo_url,
      },
      ...(invite ? { invite } : {}),
      ...(rendered.content ? { email: rendered.content } : {}),
    },
  };
}

/** The payload's part that does not depend on the copy: what a row due later keeps. */
function framePayload(
  scene: MessageScene,
  message: Pick<PlannedMessage, 'audience' | 'offsetMinutes'>,
): NotificationPayload {
  const appt = scene.snapshot.appointment;
  return {
    audience: message.audience,
    event: scene.event.type,
    reply_to: message.audience === 'customer' ? scene.businessEmail : appt.customer_email,
    appointment_start: appt.start_time.toISOString(),
    ...(message.offsetMinutes !== undefined ? { offset_minutes: message.offsetMinutes } : {}),
  };
}

/**
 * What `queueBookingNotifications` writes, without writing it: the pending reminder
 * types to withdraw and the outbox rows to insert (once per idempotency key). The
 * booking path writes them in the same statement as the booking itself (issue 21).
 *
 * A message due now is rendered now. One due later (reminders, the follow-up) keeps only
 * its frame (`when_due`) and is rendered by the sender when it goes out, from the
 * booking as it is then: the business's name, the address and its own wording as they
 * read on the day, and no copy of the customer's details kept for weeks in the outbox.
 */
export async function planBookingNotifications(
  env: Env,
  snapshot: BookingSnapshot,
  event: BookingEventFacts,
  now: Date,
): Promise<{
  withdraw: NotificationType[];
  rows: NewNotification[];
  /** The links the messages carry, under PUBLIC_BASE_URL: the booking answer reuses them. */
  links: PlannedLinks | null;
}> {
  const { appointment: appt, tenant } = snapshot;
  const { scene, phone, links } = await sceneOf(env, snapshot, event, now);
  const { businessEmail, staffEmail } = scene;
  const plan = planNotifications({
    event: event.type,
    now,
    appointment: {
      id: appt.id,
      status: appt.status,
      startTime: appt.start_time,
      endTime: appt.end_time,
      sequence: appt.sequence,
      requiresApproval: appt.requires_approval,
    },
    businessZone: snapshot.zone,
    reminderOffsetsMinutes: tenant.reminder_offsets_minutes,
    customerEmailReminders: snapshot.customer?.emailNotifications ?? true,
    // SMS needs consent, a number, and a paid plan.
    customerSms: Boolean(snapshot.customer?.smsOptIn && phone && tenant.plan_tier !== 'free'),
    businessEmail,
    staffEmail: staffEmail && staffEmail !== businessEmail ? staffEmail : null,
  });

  const rows: NewNotification[] = [];
  for (const message of plan.messages) {
    const customer = message.audience === 'customer';
    // The desk unticked "notify the customer": this change's own message stays unsent.
    if (customer && event.notifyCustomer === false && CHANGE_MESSAGES.has(message.type)) continue;
    const recipientEmail =
      message.audience === 'customer'
        ? appt.customer_email
        : message.audience === 'business'
          ? businessEmail
          : staffEmail;
    if (message.channel === 'email' && !recipientEmail) continue;
    const later = message.scheduledFor.getTime() > now.getTime();
    const content = later
      ? {
          locale: readerLocale(snapshot, message.audience),
          subject: null,
          message: null,
          payload: { ...framePayload(scene, message), when_due: true as const },
        }
      : renderMessage(scene, message);
    rows.push({
      appointment_id: appt.id,
      idempotency_key: message.idempotencyKey,
      type: message.type,
      channel: message.channel,
      recipient_email: message.channel === 'email' ? recipientEmail : null,
      recipient_phone_encrypted: message.channel === 'sms' ? scene.sealedPhone : null,
      locale: content.locale,
      payload: content.payload as unknown as Record<string, unknown>,
      subject: content.subject,
      message: content.message,
      scheduled_for: message.scheduledFor,
      next_attempt_at: message.scheduledFor,
    });
  }
  return { withdraw: plan.withdraw, rows, links };
}

/**
 * Renders a row queued `when_due`, at the moment it goes out, from the booking as it is
 * now: what the row would have held had it been rendered when queued, with today's
 * names, address and wording. The caller has checked that the row is not stale.
 */
export async function renderDueRow(
  env: Env,
  snapshot: BookingSnapshot,
  row: Pick<NewNotification, 'type' | 'channel' | 'payload'>,
  now: Date,
): Promise<Pick<NewNotification, 'locale' | 'subject' | 'message' | 'payload'>> {
  const queued = row.payload as unknown as NotificationPayload;
  const { scene } = await sceneOf(env, snapshot, { type: queued.event as BookingEventType }, now);
  const rendered = renderMessage(scene, {
    type: row.type as NotificationType,
    audience: queued.audience,
    channel: row.channel as PlannedMessage['channel'],
    offsetMinutes: queued.offset_minutes,
  });
  return {
    locale: rendered.locale,
    subject: rendered.subject,
    message: rendered.message,
    // The start it was queued for stays: the sender's staleness check compares with it.
    payload: {
      ...rendered.payload,
      appointment_start: queued.appointment_start,
    } as unknown as Record<string, unknown>,
  };
}

/**
 * Tells the business, by email, that we disabled one of its webhook endpoints. Keyed by
 * the endpoint and the moment it was disabled: each disabling is reported once.
 */
export async function queueWebhookDisabledNotice(
  tx: TenantDb,
  webhook: { id: string; url: string; disabledAt: Date; reason: 'gone' | 'failing' | 'refused' },
): Promise<void> {
  const tenant = await tx.tenant();
  if (!tenant?.email) return;
  const locale = localeOf(tenant.locale);
  const rendered = renderWebhookDisabled(
    { url: webhook.url, reason: COPY[locale].disabledReasons[webhook.reason] },
    locale,
  );
  const payload: NotificationPayload = {
    audience: 'business',
    event: 'webhook.disabled',
    brand: { name: tenant.business_name, color: tenant.primary_color, logo_url: tenant.logo_url },
    reply_to: null,
    appointment_start: null,
    ...(rendered.content ? { email: rendered.content } : {}),
  };
  await insertOnce(tx, [
    {
      appointment_id: null,
      idempotency_key: `webhook_disabled:${webhook.id}:${webhook.disabledAt.getTime()}`,
      type: 'webhook_disabled',
      channel: 'email',
      recipient_email: tenant.email,
      locale,
      payload: payload as unknown as Record<string, unknown>,
      subject: rendered.subject,
      message: rendered.text,
      scheduled_for: webhook.disabledAt,
      next_attempt_at: webhook.disabledAt,
    },
  ]);
}
