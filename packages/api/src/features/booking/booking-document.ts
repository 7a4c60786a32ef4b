/**
 * Everything a booking needs to know under the staff member's lock, read in one
 * statement after the advisory lock (issue 21: it was nine): the tenant, the service
 * (by id or slug), the staff member, the customer's hold, whether anything of this
 * person's has expired, the availability context around the start, the customer's
 * message preferences and whether any webhook endpoint wants `appointment.created`.
 */
import { isUuid } from '@booksprintz/shared';
import { rowFromJson } from '../../db/json-rows.ts';
import { pg } from '../../db/pg-text.ts';
import {
  type BookingOccupancy,
  type BookingService,
  type BookingStaff,
  type BookingTenant,
  bookingOccupancies,
  bookingServices,
  bookingTenants,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import type { LoadedContext } from '../availability/context.ts';
import {
  type ContextJson,
  contextFromJson,
  contextParts,
  type LocationJson,
} from '../availability/context-query.ts';
import type { BookRequest } from './lock-protocol.ts';

const DAY = 86_400_000;

export interface BookingDocument {
  tenant: BookingTenant;
  service: BookingService;
  staff: BookingStaff;
  /** The customer's live hold for exactly this booking, if they still have one. */
  hold: BookingOccupancy | undefined;
  /** Some hold or unpaid booking of this person has expired and awaits release. */
  expired: boolean;
  /** The engine's context for this person, two days either side of the start. */
  context: LoadedContext;
  /** Active locations with what messages show of them. */
  locations: LocationJson[];
  /** The customer's row as it stands, if they booked before. */
  customer: { id: string; email_notifications: boolean; sms_opt_in: boolean } | null;
  /** Some enabled endpoint is subscribed to `appointment.created`. */
  webhooks: boolean;
}

interface Raw extends ContextJson {
  tenant: Record<string, unknown> | null;
  service: Record<string, unknown> | null;
  hold: Record<string, unknown> | null;
  expired: boolean;
  customer: BookingDocument['customer'];
  webhooks: boolean;
}

/**
 * Reads the booking document; refuses (404) as `loadTarget` does when the business,
 * the bookable service or the active staff member is missing.
 */
export async function loadBookingDocument(
  tx: TenantDb,
  request: BookRequest,
  now: Date,
): Promise<BookingDocument> {
  const tenantId = tx.tenantId;
  if (!isUuid(request.staffId)) throw new ApiError('not_found', 'No such staff member.');
  const staffId = request.staffId.toLowerCase();
  const ref = request.serviceId;
  const start = new Date(request.startTime);
  const holdId = request.holdId && isUuid(request.holdId) ? request.holdId.toLowerCase() : null;
  const serviceId = pg`(select id from svc)`;
  const rows = await tx.query<{ doc: Raw }>(pg`
    with svc as (
      select * from booking_services
      where tenant_id = ${tenantId} and status = 'active'
        and ${isUuid(ref) ? pg`id = ${ref.toLowerCase()}::uuid` : pg`slug = ${ref}`}
      limit 1
    )
    select json_build_object(
      'tenant', (select row_to_json(t) from booking_tenants t where t.id = ${tenantId}),
      'service', (select row_to_json(svc) from svc),
      'hold', ${
        holdId
          ? pg`(select row_to_json(h) from booking_occupancies h
          where h.tenant_id = ${tenantId} and h.id = ${holdId}::uuid and h.kind = 'hold'
            and h.status = 'held' and h.staff_id = ${staffId}::uuid
            and h.service_id = ${serviceId} and h.start_time = ${start}
            and h.expires_at > ${now})`
          : pg`null`
      },
      'expired', exists(select 1 from booking_occupancies x
        where x.tenant_id = ${tenantId} and x.staff_id = ${staffId}::uuid
          and x.status in ('held', 'pending') and x.expires_at <= ${now}),
      'customer', (select json_build_object('id', c.id,
          'email_notifications', c.email_notifications, 'sms_opt_in', c.sms_opt_in)
        from booking_customers c
        where c.tenant_id = ${tenantId} and c.email = ${request.customer.email?.toLowerCase() ?? null}),
      'webhooks', exists(select 1 from booking_webhooks w
        where w.tenant_id = ${tenantId} and w.enabled
          and w.events @> array['appointment.created']::text[]),
      ${contextParts({
        tenantId,
        serviceId,
        staffIds: [staffId],
        from: new Date(start.getTime() - 2 * DAY),
        to: new Date(start.getTime() + 2 * DAY),
        now,
        occupancyIds: true,
      })}
    ) as doc`);
  const doc = rows[0]?.doc;
  if (!doc?.tenant) throw new ApiError('not_found', 'No such business.');
  const service = doc.service ? rowFromJson(bookingServices, doc.service) : undefined;
  if (!service || (!service.online_booking_enabled && request.asAdmin !== true)) {
    throw new ApiError('not_found', 'No such bookable service.');
  }
  const tenant = rowFromJson(bookingTenants, doc.tenant);
  const hold = doc.hold ? rowFromJson(bookingOccupancies, doc.hold) : undefined;
  const { staffRows, ...context } = contextFromJson(doc, tenant.timezone, hold?.id);
  const staff = staffRows[0];
  if (!staff) throw new ApiError('not_found', 'No such staff member.');
  return {
    tenant,
    service,
    staff,
    hold,
    expired: doc.expired,
    context,
    locations: doc.locations,
    customer: doc.customer,
    webhooks: doc.webhooks,
  };
}
