/**
 * The salon every API bench and profile measures: open 08:00–20:00 every day in New
 * York, `staffCount` staff members bookable from now, and a 30-minute "cut" offered every
 * 15 minutes. Created through the platform API, as a SiteSprintz-style integrator would.
 */
export type BenchCall = (
  method: string,
  path: string,
  body?: unknown,
  key?: string,
) => Promise<{ status: number; json: Record<string, unknown> | null }>;

const PLATFORM_KEY = 'dev_platform_key';

export async function seedBenchSalon(call: BenchCall, name: string, staffCount: number) {
  const created = await call(
    'POST',
    '/tenants',
    {
      name,
      business_name: `${name} Salon`,
      subdomain: `${name.toLowerCase()}-${Date.now().toString(36)}`,
      timezone: 'America/New_York',
      email: `${name.toLowerCase()}@example.com`,
      plan_tier: 'enterprise',
    },
    PLATFORM_KEY,
  );
  const tenant = created.json!.tenant as { id: string; subdomain: string };
  const key = created.json!.api_key as string;
  const post = (path: string, body: unknown) =>
    call('POST', `/tenants/${tenant.id}${path}`, body, key);
  for (let day = 0; day < 7; day++) {
    await post('/availability-rules', {
      rule_type: 'recurring',
      day_of_week: day,
      start_time: '08:00',
      end_time: '20:00',
    });
  }
  const staffIds: string[] = [];
  for (let i = 0; i < staffCount; i++) {
    const staff = await post('/staff', {
      name: `Stylist ${i}`,
      min_advance_booking_hours: 0,
      display_order: i,
    });
    staffIds.push((staff.json as { id: string }).id);
  }
  const service = (
    await post('/services', {
      slug: 'cut',
      name: 'Cut',
      duration_minutes: 30,
      price_cents: 3000,
      slot_interval_minutes: 15,
    })
  ).json as { id: string };
  return { tenant, key, post, staffIds, serviceId: service.id };
}

/** The date `days` from now, UTC, as YYYY-MM-DD. */
export function dateAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface BookingJob {
  staffId: string;
  /** RFC 3339. */
  start: string;
  /** Distinct per job: names the job's customer. */
  n: number;
}

/**
 * The throughput load: every staff member booked at each of `starts`, the staff taking
 * turns, so that the 20 bookings in flight are spread over the staff's locks as the
 * figure says ("across distinct staff"). Listed staff by staff, as they were until
 * 2026-12-04, the 20 in flight were all one staff member's, queued on one lock:
 * `contention_p95`'s case, not throughput's.
 */
export function jobsAcrossStaff(
  staffIds: readonly string[],
  starts: readonly string[],
): BookingJob[] {
  return starts.flatMap((start, k) =>
    staffIds.map((staffId, s) => ({ staffId, start, n: s * 100 + k })),
  );
}
