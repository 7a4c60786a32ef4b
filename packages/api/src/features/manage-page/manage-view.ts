import { instantInput, isoDate, isUuid, tenantSlug } from '@booksprintz/shared';
import type { Database } from '../../db/client.ts';
import { bookingServices } from '../../db/schema/index.ts';
import { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { authorizeManage, rescheduleTimes } from '../booking/customer-manage.ts';
import { isMovable, isOpen } from '../booking/manage.ts';
import type { PublicContext } from '../booking/public-booking.ts';
import { listPublicStaff } from '../catalog/public-lists.ts';
import { loadBookingSnapshot } from '../notifications/booking-snapshot.ts';
import { calendarEventOf } from '../notifications/calendar-event.ts';
import { customerLinks } from '../notifications/customer-links.ts';
import { brandColor } from '../notifications/templates/email-layout.ts';
import { localeOf } from '../notifications/templates/format.ts';
import { COPY } from '../notifications/templates/render.ts';
import { publicTenantBySlug } from '../tenants/tenant-cache.ts';
import type { ManageNotice, ManageQuery, ManageView, StaffChoice } from './manage-view-model.ts';

export type { ManageNotice, ManageQuery, ManageView, StaffChoice } from './manage-view-model.ts';

/** `YYYY-MM-DD` of an instant in a zone. */
export function dayIn(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(instant);
}

/** The public context of the tenant named in the page's URL; 404 for no such business. */
export async function manageContext(
  db: Database,
  env: Env,
  slug: string,
  origin: string,
): Promise<PublicContext> {
  const found = tenantSlug.safeParse(slug).success ? await publicTenantBySlug(db, slug) : undefined;
  if (!found) throw new ApiError('not_found', 'No such business.');
  return { env, tdb: new TenantDb(db, found.tenant.id), tenant: found.tenant, origin };
}

const ok = <T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  value: unknown,
) => (value === undefined ? undefined : (schema.safeParse(value).data as T | undefined));

/** Everything the page shows for one appointment, read with its manage token. */
export async function loadManageView(
  ctx: PublicContext,
  appointmentId: string,
  token: string | undefined,
  query: ManageQuery,
  notice?: ManageNotice,
): Promise<ManageView> {
  const appointment = await authorizeManage(ctx, appointmentId, token);
  const snapshot = await loadBookingSnapshot(ctx.tdb, appointment.id);
  const { tenant } = ctx;
  const locale = localeOf(appointment.locale || tenant.locale);
  const zone = appointment.timezone || snapshot.zone;
  const links = customerLinks(ctx.origin, tenant.subdomain, appointment.id, token ?? '', (url) =>
    calendarEventOf(snapshot, { manageUrl: url, stamp: appointment.updated_at }),
  );
  const open = isOpen(appointment);
  const movable = isMovable(appointment);
  const view: ManageView = {
    locale,
    t: COPY[locale].managePage,
    labels: COPY[locale].labels,
    brand: {
      name: tenant.business_name,
      color: brandColor(tenant.primary_color),
      logoUrl: tenant.logo_url,
    },
    appointment,
    serviceName: snapshot.serviceName,
    staffName: snapshot.staff?.name ?? null,
    location: snapshot.location
      ? [snapshot.location.name, snapshot.location.address].filter(Boolean).join(', ')
      : null,
    zone,
    businessZone: snapshot.zone,
    page: `/manage/${tenant.subdomain}/${appointment.id}`,
    token: token ?? '',
    links,
    open,
    movable,
    notice,
    move: null,
    confirmMove: null,
    confirmCancel: open && query.step === 'cancel',
  };
  if (!movable || view.confirmCancel) return view;

  const service = await ctx.tdb.get(bookingServices, appointment.service_id);
  const eligible = (await listPublicStaff(ctx.tdb)).filter(
    (member) =>
      !service?.available_with_staff.length || service.available_with_staff.includes(member.id),
  );
  const others = eligible.filter((member) => member.id !== appointment.staff_id);
  const staffOptions: Array<{ value: StaffChoice; name: string }> = others.length
    ? [
        { value: 'same', name: view.t.sameStaff(view.staffName ?? '') },
        { value: 'any', name: view.t.anyStaff },
        ...others.map((member) => ({ value: member.id, name: member.name })),
      ]
    : [];
  const asked = query.staff ?? 'same';
  const staff: StaffChoice = staffOptions.some((option) => option.value === asked) ? asked : 'same';
  const staffId = staff === 'same' ? appointment.staff_id : staff === 'any' ? undefined : staff;
  const day = ok<string>(isoDate, query.date);
  const times = day ? await rescheduleTimes(ctx, appointment, staffId, day, zone) : [];
  view.move = {
    day,
    current: dayIn(appointment.start_time, zone),
    today: dayIn(new Date(), zone),
    staff,
    staffOptions,
    times,
  };

  const start = ok<string>(instantInput, query.start_time);
  if (day && start) {
    const at = new Date(start).getTime();
    const slot = times.find((time) => new Date(time.start_time).getTime() === at);
    if (slot) {
      view.confirmMove = {
        start: new Date(slot.start_time),
        staffId: slot.staff_id,
        staffName: eligible.find((member) => member.id === slot.staff_id)?.name ?? view.staffName,
        day,
      };
    } else {
      view.notice = 'taken';
    }
  }
  return view;
}

/** A staff id from the move form, or undefined to keep the booked one. */
export function staffIdOf(value: unknown): string | undefined {
  return typeof value === 'string' && isUuid(value) ? value.toLowerCase() : undefined;
}
