/**
 * `BENCH booking_baseline_per_s`: what this machine's Postgres does with the booking
 * transaction when nothing stands between it and the client: the same load as
 * `booking_throughput` (bookings across distinct staff, 20 in flight), sent by
 * node-postgres over TCP on a pool of kept connections, in one transaction each:
 *
 *   begin
 *   pg_advisory_xact_lock(staff)                         (DESIGN §4)
 *   the re-check: rules, occupancies and busy time of the staff member around the
 *     start as one JSON document, and a refusal if the range is taken
 *   one statement: the occupancy (under the exclusion constraint, whose trigger bumps
 *     the availability version), the customer upsert, the appointment, two outbox rows
 *     and a webhook delivery per subscribed endpoint
 *   commit
 *
 * It is the denominator of the booking figure: the API can approach it, never pass it.
 */
import pg from 'pg';
import type { BookingJob } from './bench-salon.ts';

const RECHECK = `
select json_build_object(
  'rules', (select coalesce(json_agg(r), '[]') from booking_availability_rules r
            where r.tenant_id = $1 and (r.staff_id = $2 or r.staff_id is null)),
  'occupancies', (select coalesce(json_agg(json_build_object(
                    'start', o.blocked_from, 'end', o.blocked_until, 'kind', o.kind)), '[]')
                  from booking_occupancies o
                  where o.tenant_id = $1 and o.staff_id = $2
                    and o.status in ('held', 'pending', 'confirmed')
                    and o.blocked_from < $4 and o.blocked_until > $3),
  'busy', (select coalesce(json_agg(json_build_object('start', b.starts_at, 'end', b.ends_at)), '[]')
           from booking_external_busy b
           where b.tenant_id = $1 and b.staff_id = $2 and b.starts_at < $4 and b.ends_at > $3)
) as context`;

const WRITE = `
with occupancy as (
  insert into booking_occupancies
    (tenant_id, staff_id, service_id, kind, status, start_time, end_time, blocked_from, blocked_until)
  values ($1, $2, $3, 'appointment', 'confirmed', $4, $5, $4, $5)
  returning id
), customer as (
  insert into booking_customers (tenant_id, email, name, total_appointments, last_appointment_at)
  values ($1, $6, 'Baseline', 1, $4)
  on conflict (tenant_id, email) do update
    set total_appointments = booking_customers.total_appointments + 1,
        last_appointment_at = greatest(booking_customers.last_appointment_at, excluded.last_appointment_at),
        updated_at = now()
  returning id
), appointment as (
  insert into appointments
    (tenant_id, service_id, staff_id, occupancy_id, customer_id, start_time, end_time,
     duration_minutes, customer_name, customer_email, confirmation_code, status,
     total_price_cents, currency)
  select $1, $3, $2, occupancy.id, customer.id, $4, $5, 30, 'Baseline', $6, $7, 'confirmed', 3000, 'USD'
  from occupancy, customer
  returning id
), outbox as (
  insert into booking_notifications
    (tenant_id, appointment_id, idempotency_key, type, channel, recipient_email, payload, subject, message)
  select $1, appointment.id, appointment.id || ':' || audience, 'confirmation', 'email', $6,
         json_build_object('audience', audience), 'Booked', 'You are booked.'
  from appointment, (values ('customer'), ('business')) as audiences(audience)
), deliveries as (
  insert into booking_webhook_deliveries
    (tenant_id, webhook_id, appointment_id, message_id, event_type, payload, next_retry_at)
  select $1, w.id, appointment.id, 'msg_' || appointment.id, 'appointment.created',
         json_build_object('type', 'appointment.created'), now()
  from appointment, booking_webhooks w
  where w.tenant_id = $1 and w.enabled and w.events @> array['appointment.created']
)
select id from appointment`;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function code(): string {
  let text = '';
  for (let i = 0; i < 8; i++) text += CODE_ALPHABET[Math.floor(Math.random() * 32)];
  return text;
}

/** Runs `jobs` 20 at a time; returns bookings committed per second. */
export async function measureBookingBaseline(
  databaseUrl: string,
  tenantId: string,
  serviceId: string,
  jobs: readonly BookingJob[],
): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  pool.on('error', () => undefined);
  // Connections are opened before the clock starts: the API's lock keeps its own too.
  const warm = await Promise.all(Array.from({ length: 20 }, () => pool.connect()));
  for (const client of warm) client.release();
  let booked = 0;
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          const start = new Date(job.start);
          const end = new Date(start.getTime() + 30 * 60_000);
          const client = await pool.connect();
          try {
            await client.query('begin');
            await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
              job.staffId,
            ]);
            const { rows } = await client.query(RECHECK, [tenantId, job.staffId, start, end]);
            const context = rows[0].context as { occupancies: unknown[] };
            if (context.occupancies.length > 0) {
              await client.query('rollback');
              continue;
            }
            await client.query(WRITE, [
              tenantId,
              job.staffId,
              serviceId,
              start,
              end,
              `baseline${job.n}@example.com`,
              code(),
            ]);
            await client.query('commit');
            booked++;
          } catch (error) {
            await client.query('rollback').catch(() => undefined);
            throw error;
          } finally {
            client.release();
          }
        }
      }),
    );
  } finally {
    await pool.end();
  }
  return booked / ((performance.now() - started) / 1000);
}
