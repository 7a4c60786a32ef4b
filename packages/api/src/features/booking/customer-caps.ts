import { sql } from 'drizzle-orm';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';

export interface CustomerCaps {
  perEmail: number;
  perAddress: number;
}

/** Who is asking for a hold or a booking, as far as the caps are concerned. */
export interface Claimant {
  email?: string | undefined;
  address?: string | undefined;
  /** The customer's own hold that this booking turns into an appointment. */
  holdId?: string | undefined;
}

/**
 * A customer must not be able to reserve a whole day (DESIGN §8): live holds plus
 * upcoming bookings with this business, counted by e-mail and by address, stay under
 * `caps`. Runs inside the staff member's transaction. Requests for other staff members
 * run in other locks at the same moment, so the count is serialized by transaction
 * advisory locks on the address and on the e-mail (always taken in that order, after
 * the staff lock: no cycle), and a burst across every staff member still stops exactly
 * at the cap.
 */
export async function assertCustomerCaps(
  tx: TenantDb,
  claimant: Claimant,
  caps: CustomerCaps,
  now: Date,
): Promise<void> {
  const email = claimant.email?.toLowerCase();
  const address = claimant.address;
  if (!email && !address) return;
  const tenant = tx.tenantId;
  const at = now.toISOString();
  const hold = claimant.holdId ?? null;
  // The locks come first, in a statement of their own: a statement sees the database as
  // it was when it began, so counting in the same one could miss a rival's commit.
  const keys = [
    ...(address ? [`cap:address:${tenant}:${address}`] : []),
    ...(email ? [`cap:email:${tenant}:${email}`] : []),
  ];
  await tx.raw().execute(
    sql`select ${sql.join(
      keys.map((key) => sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))`),
      sql`, `,
    )}`,
  );
  // A hold being turned into this very booking is not counted: it becomes the booking.
  const result = await tx.raw().execute<{ by_address: string; by_email: string }>(sql`
    select
      ${address ? liveCount(tenant, at, hold, sql`holder_ip = ${address}::inet`, sql`client_address = ${address}::inet`) : sql`0`} as by_address,
      ${email ? liveCount(tenant, at, hold, sql`lower(holder_email) = ${email}`, sql`customer_email = ${email}`) : sql`0`} as by_email
  `);
  const row = result.rows[0];
  const byAddress = Number(row?.by_address ?? 0);
  const byEmail = Number(row?.by_email ?? 0);
  if ((address && byAddress >= caps.perAddress) || (email && byEmail >= caps.perEmail)) {
    throw new ApiError(
      'rate_limited',
      'You have several holds or bookings with this business already; finish or cancel one first.',
      { headers: { 'Retry-After': '60' } },
    );
  }
}

function liveCount(
  tenant: string,
  at: string,
  holdId: string | null,
  holdHolder: ReturnType<typeof sql>,
  appointmentHolder: ReturnType<typeof sql>,
) {
  return sql`(
    (select count(*) from booking_occupancies
      where tenant_id = ${tenant} and kind = 'hold' and status = 'held'
        and expires_at > ${at}::timestamptz and ${holdHolder}
        and id is distinct from ${holdId}::uuid)
    + (select count(*) from appointments
      where tenant_id = ${tenant} and status in ('pending', 'confirmed')
        and end_time > ${at}::timestamptz and ${appointmentHolder})
  )`;
}
