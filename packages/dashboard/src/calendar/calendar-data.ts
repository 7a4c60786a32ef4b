import type {
  AdminAppointment,
  AvailabilityRule,
  ExternalBusy,
  Location,
  Service,
  Staff,
} from '@booksprintz/shared';
import { api, tenantPath } from '../api.ts';

/** Everything the calendar draws for a range of the business's days. */
export interface CalendarData {
  appointments: AdminAppointment[];
  /** Time off and blocked time (block rules), drawn greyed. */
  blocks: AvailabilityRule[];
  /** Every general rule (hours, overrides, blocks): the open-hours shading reads them. */
  rules: AvailabilityRule[];
  /** Busy time from outside calendars (calendar sync), drawn greyed. */
  busy: ExternalBusy[];
}

/** Every appointment of the range, following the list's cursor (pages of up to 500). */
export async function loadAppointments(
  tenantId: string,
  start: string,
  end: string,
): Promise<AdminAppointment[]> {
  const all: AdminAppointment[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const query = new URLSearchParams({ start_date: start, end_date: end, limit: '500' });
    if (cursor) query.set('cursor', cursor);
    const answer = await api.get<{ data: AdminAppointment[]; next_cursor?: string | null }>(
      tenantPath(tenantId, `/appointments?${query}`),
    );
    all.push(...answer.data);
    if (!answer.next_cursor) break;
    cursor = answer.next_cursor;
  }
  return all;
}

export async function loadCalendar(
  tenantId: string,
  start: string,
  end: string,
): Promise<CalendarData> {
  const range = new URLSearchParams({ start_date: start, end_date: end });
  const [appointments, rules, busy] = await Promise.all([
    loadAppointments(tenantId, start, end),
    api.get<{ data: AvailabilityRule[] }>(tenantPath(tenantId, '/availability-rules')),
    // Busy time is a nicety: a calendar without it still works.
    api
      .get<{ data: ExternalBusy[] }>(tenantPath(tenantId, `/external-busy?${range}`))
      .catch(() => ({ data: [] as ExternalBusy[] })),
  ]);
  const general = rules.data.filter((rule) => rule.service_id === null);
  const blocks = general.filter((rule) => {
    if (rule.rule_type !== 'block') return false;
    const from = rule.specific_date ?? rule.date_range_start;
    const to = rule.specific_date ?? rule.date_range_end ?? from;
    return from !== null && to !== null && from <= end && to >= start;
  });
  return {
    appointments: appointments.filter((item) => item.status !== 'cancelled'),
    blocks,
    rules: general,
    busy: busy.data,
  };
}

export async function loadCatalog(
  tenantId: string,
): Promise<{ staff: Staff[]; services: Service[]; locations: Location[] }> {
  const [staff, services, locations] = await Promise.all([
    api.get<{ data: Staff[] }>(tenantPath(tenantId, '/staff')),
    api.get<{ data: Service[] }>(tenantPath(tenantId, '/services')),
    api
      .get<{ data: Location[] }>(tenantPath(tenantId, '/locations'))
      .catch(() => ({ data: [] as Location[] })),
  ]);
  return { staff: staff.data, services: services.data, locations: locations.data };
}

const PALETTE = [
  '#4f46e5',
  '#0e7490',
  '#b45309',
  '#be185d',
  '#15803d',
  '#7c3aed',
  '#b91c1c',
  '#0369a1',
  '#4d7c0f',
  '#9333ea',
];

/** A stable colour per id (service or staff), from a small palette with white text contrast ≥ 4.5. */
export function colourOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0]!;
}
