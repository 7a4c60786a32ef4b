import {
  appointments,
  bookingAnalyticsEvents,
  bookingCustomers,
  bookingOccupancies,
  bookingServices,
  bookingStaff,
} from '@booksprintz/api/db/schema';
import { eq, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { DateTime } from 'luxon';

/**
 * Eight weeks of past appointments for the demo business, so that a newcomer who opens
 * `/app` finds a salon with a history: analytics with figures, customers with visits,
 * no-shows and spend, last weeks' calendar filled. Only the past: the demo's future stays
 * free for whoever tries the widget. Deterministic (a fixed pseudo-random sequence), and
 * written like the API writes a finished booking: one occupancy per appointment
 * (released when cancelled), customers' counters as the API keeps them.
 */
const WEEKS = 8;
// biome-ignore format: a list of names
const FIRST_NAMES = [
  'Maya', 'Liam', 'Olivia', 'Noah', 'Ava', 'Ethan', 'Sofia', 'Lucas', 'Chloe', 'Mateo',
  'Zoe', 'Aiden', 'Priya', 'Jonah', 'Leila', 'Marcus', 'Hannah', 'Diego', 'Grace', 'Kenji',
  'Nadia', 'Owen', 'Elena', 'Samir', 'Ruby', 'Theo', 'Ines', 'Caleb', 'Amara', 'Felix',
];
// biome-ignore format: a list of names
const LAST_NAMES = [
  'Patel', 'Nguyen', 'Garcia', 'Kim', 'Johnson', 'Okafor', 'Rossi', 'Cohen', 'Silva', 'Brown',
  'Murphy', 'Haddad', 'Lopez', 'Schmidt', 'Tanaka',
];

/** The API's alphabet for confirmation codes (no 0/O, 1/I/L). */
const CODE_ALPHABET = [...'ABCDEFGHJKMNPQRSTUVWXYZ23456789'];

/** A small linear congruential generator: the same demo on every machine. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

type Tx = Pick<NodePgDatabase, 'insert' | 'select' | 'execute'>;

interface HistoryInput {
  tenantId: string;
  zone: string;
  locationId: string;
  /** Working days, 0 = Sunday; the staff's hours are 09:00–17:00. */
  workingDays: number[];
  now: Date;
}

export async function seedDemoHistory(tx: Tx, input: HistoryInput): Promise<number> {
  const staff = await tx
    .select({ id: bookingStaff.id, name: bookingStaff.name })
    .from(bookingStaff)
    .where(eq(bookingStaff.tenant_id, input.tenantId))
    .orderBy(bookingStaff.display_order);
  const services = await tx
    .select()
    .from(bookingServices)
    .where(eq(bookingServices.tenant_id, input.tenantId));
  const bySlug = new Map(services.map((service) => [service.slug, service]));
  const random = sequence(20_261_203);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  const people = Array.from({ length: 40 }, (_, i) => {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    // Forty different people: the surname moves on once the first names come round again.
    const last = LAST_NAMES[(i * 7 + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length]!;
    return { name: `${first} ${last}`, email: `${first}.${last}@example.com`.toLowerCase() };
  });
  // Regulars come back more often than the rest, and new people keep arriving: the
  // further the day, the more of the list has found the salon.
  const customerFor = (progress: number) => {
    const known = Math.ceil(people.length * (0.3 + 0.7 * progress));
    return people[Math.floor(random() ** 1.4 * known)]!;
  };

  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf('day');
  const rows: Array<{
    staffId: string;
    service: (typeof services)[number];
    start: DateTime;
    customer: (typeof people)[number];
    status: 'completed' | 'no_show' | 'cancelled';
  }> = [];
  for (let back = WEEKS * 7; back >= 1; back--) {
    const day = today.minus({ days: back });
    if (!input.workingDays.includes(day.weekday % 7)) continue;
    for (const [index, member] of staff.entries()) {
      // Alex does hair (cuts and colour); Sam cuts and massages (DEMO: seed.ts).
      const menu = index === 0 ? ['haircut', 'haircut', 'color'] : ['haircut', 'massage'];
      let at = day.set({ hour: 9 });
      const close = day.set({ hour: 17 });
      while (at < close) {
        const service = bySlug.get(pick(menu));
        if (!service) break;
        const end = at.plus({ minutes: service.duration_minutes + service.buffer_time_after });
        if (end > close) break;
        // About two thirds of the day is booked; busier on Fridays and Saturdays.
        const busy = day.weekday >= 5 ? 0.8 : 0.6;
        if (random() < busy) {
          const roll = random();
          const status = roll < 0.07 ? 'cancelled' : roll < 0.11 ? 'no_show' : 'completed';
          const progress = 1 - back / (WEEKS * 7);
          rows.push({
            staffId: member.id,
            service,
            start: at,
            customer: customerFor(progress),
            status,
          });
          at = end;
        } else {
          at = at.plus({ minutes: 30 });
        }
      }
    }
  }
  if (rows.length === 0) return 0;

  const customerRows = await tx
    .insert(bookingCustomers)
    .values(
      [...new Map(rows.map((row) => [row.customer.email, row.customer])).values()].map(
        (person) => ({
          tenant_id: input.tenantId,
          email: person.email,
          name: person.name,
          timezone: input.zone,
          locale: 'en',
        }),
      ),
    )
    .returning({ id: bookingCustomers.id, email: bookingCustomers.email });
  const customerIds = new Map(customerRows.map((row) => [row.email, row.id]));

  const occupancies = await tx
    .insert(bookingOccupancies)
    .values(
      rows.map((row) => {
        const start = row.start.toJSDate();
        const end = row.start.plus({ minutes: row.service.duration_minutes }).toJSDate();
        return {
          tenant_id: input.tenantId,
          staff_id: row.staffId,
          service_id: row.service.id,
          location_id: input.locationId,
          kind: 'appointment',
          status: row.status === 'cancelled' ? 'released' : 'confirmed',
          start_time: start,
          end_time: end,
          blocked_from: row.start.minus({ minutes: row.service.buffer_time_before }).toJSDate(),
          blocked_until: row.start
            .plus({ minutes: row.service.duration_minutes + row.service.buffer_time_after })
            .toJSDate(),
        };
      }),
    )
    .returning({ id: bookingOccupancies.id });

  await tx.insert(appointments).values(
    rows.map((row, i) => {
      const start = row.start.toJSDate();
      // Booked a few days ahead, as a salon's regulars do.
      const created = row.start.minus({ days: 1 + Math.floor(random() * 12), hours: 3 });
      const cancelled = row.status === 'cancelled';
      return {
        tenant_id: input.tenantId,
        service_id: row.service.id,
        staff_id: row.staffId,
        location_id: input.locationId,
        occupancy_id: occupancies[i]!.id,
        customer_id: customerIds.get(row.customer.email)!,
        start_time: start,
        end_time: row.start.plus({ minutes: row.service.duration_minutes }).toJSDate(),
        duration_minutes: row.service.duration_minutes,
        timezone: input.zone,
        customer_name: row.customer.name,
        customer_email: row.customer.email,
        confirmation_code: Array.from({ length: 8 }, () => pick(CODE_ALPHABET)).join(''),
        booking_source: i % 5 === 0 ? 'manual' : 'widget',
        status: row.status,
        cancelled_at: cancelled ? row.start.minus({ days: 1 }).toJSDate() : null,
        cancelled_by: cancelled ? 'customer' : null,
        cancellation_reason: cancelled ? 'Something came up.' : null,
        total_price_cents: row.service.price_cents,
        currency: row.service.currency,
        created_at: created.toJSDate(),
        updated_at: start,
      };
    }),
  );

  // The widget's funnel behind the online bookings: each booked page view went through
  // every step; for each, a few more visitors stopped on the way (DESIGN §11).
  const steps = ['view', 'service_selected', 'slot_selected', 'details_started', 'booked'];
  const events: Array<typeof bookingAnalyticsEvents.$inferInsert> = [];
  for (const [i, row] of rows.entries()) {
    if (i % 5 === 0) continue; // the desk's bookings, made in the owner app
    const booked = row.start.minus({ days: 2 + (i % 9), hours: 3 });
    const origin = i % 10 < 7 ? 'https://demo-salon.example' : 'https://blog.demo-salon.example';
    const visit = (depth: number, at: DateTime, n: number) => {
      for (const [k, type] of steps.slice(0, depth).entries()) {
        events.push({
          tenant_id: input.tenantId,
          event_type: type,
          session_id: `demo-${i}-${n}`,
          event_data: { origin },
          created_at: at.plus({ seconds: 40 * k }).toJSDate(),
        });
      }
    };
    visit(5, booked, 0);
    for (let n = 1; n <= 3; n++) visit(1 + Math.floor(random() * 4), booked.minus({ hours: n }), n);
  }
  for (let from = 0; from < events.length; from += 2000) {
    await tx.insert(bookingAnalyticsEvents).values(events.slice(from, from + 2000));
  }

  // The counters the API keeps on each customer, from what was just written.
  await tx.execute(sql`UPDATE booking_customers c SET
      total_appointments = s.total, total_spent_cents = s.spent, no_show_count = s.no_shows,
      cancellation_count = s.cancelled, last_appointment_at = s.last
    FROM (SELECT customer_id, count(*) AS total,
        coalesce(sum(total_price_cents) FILTER (WHERE status = 'completed'), 0) AS spent,
        count(*) FILTER (WHERE status = 'no_show') AS no_shows,
        count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
        max(start_time) FILTER (WHERE status <> 'cancelled') AS last
      FROM appointments WHERE tenant_id = ${input.tenantId} GROUP BY customer_id) s
    WHERE c.id = s.customer_id AND c.tenant_id = ${input.tenantId}`);
  return rows.length;
}
