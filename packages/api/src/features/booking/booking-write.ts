/**
 * A booking's writes as one statement of data-modifying CTEs (issue 21: they were six
 * round trips, and two more reads of rows already in hand): the occupancy (the
 * exclusion constraint guards it; its trigger bumps the availability version), the
 * customer upsert, the appointment, its outbox rows and one webhook delivery per
 * subscribed endpoint. Ids and the confirmation code are drawn here, so the messages are
 * rendered from the row before it is written, exactly as it will be stored.
 *
 * Long file: the statement's CTEs refer to one another by name; split across files they
 * would be read out of order.
 */
import { getTableColumns } from 'drizzle-orm';
import { ENCRYPTED, encryptNullable } from '../../db/field-encryption.ts';
import { rowFromJson } from '../../db/json-rows.ts';
import { NeedsTransaction } from '../../db/kept-transaction.ts';
import { type PgFragment, pg, pgRaw } from '../../db/pg-text.ts';
import {
  type Appointment,
  appointments,
  type BookingService,
  type BookingStaff,
  type BookingTenant,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import type { LocationJson } from '../availability/context-query.ts';
import {
  type BookingSnapshot,
  loadBookingSnapshot,
  oneLineAddress,
} from '../notifications/booking-snapshot.ts';
import { recordBookingEvent } from '../notifications/events.ts';
import { type PlannedLinks, planBookingNotifications } from '../notifications/outbox.ts';
import { appointmentEvent } from '../webhooks/event-payload.ts';
import { newMessageId } from '../webhooks/signature.ts';
import { type BookingDelivery, outboxRowsOf } from './claimed-outbox.ts';
import { confirmationCode } from './confirmation-code.ts';
import type { BookRequest } from './lock-protocol.ts';
import type { occupiedRange } from './occupancy.ts';

export interface BookingWrite {
  request: BookRequest;
  tenant: BookingTenant;
  service: BookingService;
  staff: BookingStaff;
  locationId: string | null;
  /** The location's row from the booking document; absent when it is not an active one. */
  location: LocationJson | undefined;
  range: ReturnType<typeof occupiedRange>;
  /** The occupancy already taken (a hold turned booking, a group seat), else a new one. */
  occupancyId: string | null;
  status: 'pending' | 'confirmed';
  expiresAt: Date | null;
  deposit: number;
  customer: { id: string; email_notifications: boolean; sms_opt_in: boolean } | null;
  webhooks: boolean;
  /** A desk booking made outside the rules on purpose (recorded on the appointment). */
  overridden: boolean;
  now: Date;
}

/** Every stored column of appointments but the two taken from the CTEs (and the generated one). */
const APPOINTMENT_COLUMNS = Object.values(getTableColumns(appointments))
  .filter((column) => !column.generated && !['occupancy_id', 'customer_id'].includes(column.name))
  .map((column) => column.name);
const appointmentColumns = (prefix: string) =>
  pgRaw(APPOINTMENT_COLUMNS.map((name) => `${prefix}${name}`).join(', '));
const NOTIFICATION_COLUMNS = [
  'id',
  'tenant_id',
  'appointment_id',
  'idempotency_key',
  'type',
  'channel',
  'recipient_email',
  'recipient_phone_encrypted',
  'locale',
  'payload',
  'subject',
  'message',
  'scheduled_for',
  'next_attempt_at',
  'status',
  'attempts',
  'locked_until',
];
const notificationColumns = (prefix: string) =>
  pgRaw(NOTIFICATION_COLUMNS.map((name) => `${prefix}${name}`).join(', '));

/** Writes the booking; returns the appointment as stored and what its messages say. */
export async function writeBooking(
  tx: TenantDb,
  env: Env,
  write: BookingWrite,
): Promise<{
  appointment: Appointment;
  snapshot: BookingSnapshot;
  delivery: BookingDelivery;
  /** The token and links the messages carry, when they were planned here. */
  links: PlannedLinks | null;
}> {
  const { request, tenant, service, staff, range, now } = write;
  const tenantId = tx.tenantId;
  // A walk-in who gave no e-mail has no customer record: there is nothing to key it by.
  const email = request.customer.email?.toLowerCase() ?? null;
  const phone = request.customer.phone;
  const occupancyId = write.occupancyId ?? crypto.randomUUID();
  const planned: Appointment = {
    id: crypto.randomUUID(),
    tenant_id: tenantId,
    service_id: service.id,
    staff_id: staff.id,
    location_id: write.locationId,
    occupancy_id: occupancyId,
    // The customer CTE's id goes into the row; this one only names it in the messages.
    customer_id: email ? (write.customer?.id ?? crypto.randomUUID()) : null,
    start_time: range.start_time,
    end_time: range.end_time,
    duration_minutes: service.duration_minutes,
    timezone: request.timezone ?? null,
    locale: request.locale ?? tenant.locale,
    customer_name: request.customer.name,
    customer_email: email,
    client_address: request.clientAddress ?? null,
    customer_phone_encrypted: await encryptNullable(
      env.ENCRYPTION_KEY,
      ENCRYPTED.appointmentPhone,
      phone,
    ),
    customer_notes: request.notes ?? null,
    answers: request.answers ?? {},
    confirmation_code: confirmationCode(),
    booking_source: request.source,
    status: write.status,
    requires_approval: service.requires_approval,
    rules_overridden: write.overridden,
    approved_at: null,
    approved_by: null,
    cancelled_at: null,
    cancellation_reason: null,
    cancelled_by: null,
    total_price_cents: service.price_cents,
    deposit_paid_cents: 0,
    full_payment_cents: 0,
    currency: service.currency,
    payment_status: write.deposit > 0 ? 'pending' : 'unpaid',
    stripe_payment_intent_id: null,
    deposit_cents: write.deposit,
    refunded_cents: 0,
    refund_due_cents: 0,
    stripe_refund_id: null,
    balance_due_cents: service.price_cents,
    sequence: 0,
    metadata: request.metadata ?? {},
    internal_notes: null,
    created_at: now,
    updated_at: now,
  };
  // Messages go into the statement when everything they say is in hand; a location no
  // longer in the document (made inactive since) is read back the general way instead.
  const event = { type: 'appointment.created' as const, appointmentId: planned.id };
  const snapshot = write.locationId && !write.location ? undefined : snapshotOf(planned, write);
  const plan = snapshot ? await planBookingNotifications(env, snapshot, event, now) : undefined;
  const notifications = plan?.withdraw.length === 0 ? plan : undefined;
  // Reading back and queueing the general way takes statements of its own.
  if (tx.autocommit && !(snapshot && notifications)) {
    throw new NeedsTransaction('messages queued the general way');
  }
  const outboxRows = outboxRowsOf(notifications?.rows ?? [], tenantId, now);
  const sealedPhone = await encryptNullable(env.ENCRYPTION_KEY, ENCRYPTED.customerPhone, phone);

  // Outside a transaction the statement takes the staff member's advisory lock itself:
  // the occupancy and the customer are inserted from `lock`, so only after it is held.
  const lock: PgFragment = tx.autocommit
    ? pg`lock as (select pg_advisory_xact_lock(hashtextextended(${staff.id}, 0)) as held),`
    : pg`lock as (select true as held),`;
  const occupancy: PgFragment = write.occupancyId
    ? pg`select ${occupancyId}::uuid as id`
    : pg`insert into booking_occupancies (id, tenant_id, staff_id, service_id, location_id,
          kind, status, expires_at, start_time, end_time, blocked_from, blocked_until)
        select ${occupancyId}::uuid, ${tenantId}::uuid, ${staff.id}::uuid, ${service.id}::uuid,
          ${write.locationId}::uuid, 'appointment', ${write.status}::text,
          ${write.expiresAt}::timestamptz, ${range.start_time}::timestamptz,
          ${range.end_time}::timestamptz, ${range.blocked_from}::timestamptz,
          ${range.blocked_until}::timestamptz
        from lock
        returning id`;
  const outbox: PgFragment =
    outboxRows.length > 0
      ? pg`, outbox as (
        insert into booking_notifications (${notificationColumns('')})
        select ${notificationColumns('n.')}
        from json_populate_recordset(null::booking_notifications, ${JSON.stringify(
          outboxRows,
        )}::json) n, appointment
        on conflict (tenant_id, idempotency_key) do nothing
        returning id, status)`
      : pg``;
  // Only rows actually written (not an idempotency key already queued) are the lock's.
  const claimedIds: PgFragment =
    outboxRows.length > 0
      ? pg`(select coalesce(json_agg(id), '[]'::json) from outbox where status = 'sending')`
      : pg`'[]'::json`;
  // The staff member's calendar that receives bookings is written after the response
  // (markCalendarWriteDue's mark, in this same statement when the fast path skips
  // recordBookingEvent).
  const calendarMark: PgFragment =
    snapshot && notifications
      ? pg`, calendar_mark as (
        update booking_calendar_connections
        set sync_state = sync_state || jsonb_build_object('write_due_at', ${now.toISOString()}::text)
        where tenant_id = ${tenantId} and staff_id = ${staff.id}
          and provider in ('caldav', 'google', 'microsoft')
          and status <> 'revoked' and calendars @> '[{"write": true}]'::jsonb
        returning 1)`
      : pg``;
  const calendarDue: PgFragment =
    snapshot && notifications ? pg`exists(select 1 from calendar_mark)` : pg`false`;
  const deliveries: PgFragment =
    notifications && write.webhooks
      ? pg`, deliveries as (
        insert into booking_webhook_deliveries (tenant_id, webhook_id, appointment_id,
          message_id, event_type, payload, status, next_retry_at, created_at)
        select ${tenantId}, w.id, a.id, ${newMessageId()}, 'appointment.created',
          ${JSON.stringify(appointmentEvent('appointment.created', planned, now))}::jsonb,
          'pending', ${now}, clock_timestamp()
        from appointment a, booking_webhooks w
        where w.tenant_id = ${tenantId} and w.enabled
          and w.events @> array['appointment.created']::text[])`
      : pg``;
  const customerRow: PgFragment = email
    ? pg`
      insert into booking_customers as c (id, tenant_id, email, name, phone_encrypted,
        timezone, locale, sms_opt_in, total_appointments, last_appointment_at)
      select ${planned.customer_id}::uuid, ${tenantId}::uuid, ${email}::text,
        ${request.customer.name}::text, ${sealedPhone}::text, ${request.timezone ?? null}::text,
        ${request.locale ?? null}::text, ${request.customer.sms_opt_in ?? false}::boolean, 1,
        ${range.start_time}::timestamptz
      from lock
      on conflict (tenant_id, email) do update set
        name = excluded.name,
        ${phone ? pg`phone_encrypted = excluded.phone_encrypted,` : pg``}
        ${request.customer.sms_opt_in !== undefined ? pg`sms_opt_in = excluded.sms_opt_in,` : pg``}
        total_appointments = c.total_appointments + 1,
        last_appointment_at = greatest(c.last_appointment_at, excluded.last_appointment_at),
        updated_at = ${now}
      where c.tenant_id = ${tenantId}
      returning id`
    : pg`select null::uuid as id`;
  const rows = await tx.query<{
    appointment: Record<string, unknown>;
    claimed: string[];
    calendar_due: boolean;
  }>(pg`with ${lock}
    occupancy as (${occupancy}),
    customer as (${customerRow}),
    appointment as (
      insert into appointments (${appointmentColumns('')}, occupancy_id, customer_id)
      select ${appointmentColumns('r.')}, occupancy.id, customer.id
      from json_populate_record(null::appointments, ${JSON.stringify(planned)}::json) r,
        occupancy, customer
      returning *
    )${outbox}${deliveries}${calendarMark}
    select row_to_json(appointment) as appointment, ${claimedIds} as claimed,
      ${calendarDue} as calendar_due
    from appointment`);
  const result = rows[0];
  if (!result?.appointment) throw new Error('the booking statement returned no appointment');
  const appointment = rowFromJson(appointments, result.appointment);
  if (!snapshot || !notifications) {
    await recordBookingEvent(tx, env, event, now);
    return {
      appointment,
      snapshot: await loadBookingSnapshot(tx, appointment.id),
      delivery: { claimed: [], general: true },
      links: null,
    };
  }
  const claimed = new Set(result.claimed);
  return {
    appointment,
    snapshot: { ...snapshot, appointment },
    delivery: {
      claimed: outboxRows.filter((row) => claimed.has(row.id)),
      general: write.webhooks || result.calendar_due,
    },
    links: notifications.links,
  };
}

function snapshotOf(planned: Appointment, write: BookingWrite): BookingSnapshot {
  const location = write.location
    ? {
        name: write.location.name,
        address: oneLineAddress(write.location),
        timezone: write.location.timezone,
      }
    : null;
  return {
    appointment: planned,
    tenant: write.tenant,
    serviceName: write.service.name,
    staff: { name: write.staff.name, email: write.staff.email },
    location,
    // What the upsert leaves: the stored preference, or the one this request sets.
    customer: {
      smsOptIn: write.request.customer.sms_opt_in ?? write.customer?.sms_opt_in ?? false,
      emailNotifications: write.customer?.email_notifications ?? true,
    },
    zone: location?.timezone ?? write.tenant.timezone,
  };
}
