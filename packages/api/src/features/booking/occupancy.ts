import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { pg } from '../../db/pg-text.ts';
import {
  appointments,
  type BookingService,
  type BookingStaff,
  bookingOccupancies,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { toInstant } from '../../http/serialize.ts';
import { recordBookingEvent } from '../notifications/events.ts';
import type { SlotChange } from './lock-protocol.ts';

const MINUTE = 60_000;

/** [start − buffers before, end + buffers after): what the appointment keeps free. */
export function occupiedRange(staff: BookingStaff, service: BookingService, start: Date) {
  const end = new Date(start.getTime() + service.duration_minutes * MINUTE);
  const before = (staff.buffer_time_before + service.buffer_time_before) * MINUTE;
  const after = (staff.buffer_time_after + service.buffer_time_after) * MINUTE;
  return {
    start_time: start,
    end_time: end,
    blocked_from: new Date(start.getTime() - before),
    blocked_until: new Date(end.getTime() + after),
  };
}

/** Serializes every calendar change of one staff member inside the transaction. */
export async function lockStaffCalendar(tx: TenantDb, staffId: string): Promise<void> {
  // Taken already with the transaction's `begin` (keptTransaction).
  if (tx.lockedStaffId !== undefined && tx.lockedStaffId === staffId) return;
  // Without it, concurrent inserts against the exclusion constraint wait on each other's
  // index entries and can deadlock, stalling a second each (DESIGN §4).
  await tx.query(pg`select pg_advisory_xact_lock(hashtextextended(${staffId}, 0))`);
}

export function slotChange(
  type: SlotChange['type'],
  staffId: string,
  start: Date,
  end: Date,
): SlotChange {
  return { type, staff_id: staffId, start_time: toInstant(start), end_time: toInstant(end) };
}

/**
 * Releases this staff member's expired holds and unpaid bookings (DESIGN §3.6): the
 * occupancy stops blocking, a seat hold gives its seat back, and an unpaid pending
 * appointment is cancelled by the system. Returns what was freed, for live updates.
 */
export async function releaseExpired(
  tx: TenantDb,
  env: Env,
  staffId: string,
  now: Date,
): Promise<SlotChange[]> {
  const expired = await tx.list(bookingOccupancies, {
    where: and(
      eq(bookingOccupancies.staff_id, staffId),
      inArray(bookingOccupancies.status, ['held', 'pending']),
      lte(bookingOccupancies.expires_at, now),
    ),
  });
  const changes: SlotChange[] = [];
  for (const occupancy of expired) {
    await tx.update(bookingOccupancies, occupancy.id, { status: 'released', updated_at: now });
    if (occupancy.session_occupancy_id) {
      await giveSeatBack(tx, occupancy.session_occupancy_id, now);
    }
    if (occupancy.kind === 'appointment') {
      const cancelled = await tx
        .raw()
        .update(appointments)
        .set({
          status: 'cancelled',
          cancelled_by: 'system',
          cancelled_at: now,
          cancellation_reason: 'Not paid before the hold expired.',
          // Only a booking awaiting its deposit expires (a paid one has no expiry).
          payment_status: 'unpaid',
          updated_at: now,
        })
        .where(
          tx.scope(
            appointments,
            eq(appointments.occupancy_id, occupancy.id),
            eq(appointments.status, 'pending'),
          ),
        )
        .returning({ id: appointments.id });
      for (const { id } of cancelled) {
        await recordBookingEvent(
          tx,
          env,
          { type: 'appointment.cancelled', appointmentId: id },
          now,
        );
      }
    }
    changes.push(slotChange('freed', staffId, occupancy.start_time, occupancy.end_time));
  }
  return changes;
}

/** One seat of a group session freed; the session itself goes when its last seat does. */
export async function giveSeatBack(tx: TenantDb, sessionId: string, now: Date): Promise<void> {
  await tx
    .raw()
    .update(bookingOccupancies)
    .set({
      seats_taken: sql`greatest(${bookingOccupancies.seats_taken} - 1, 0)`,
      status: sql`case when ${bookingOccupancies.seats_taken} <= 1 then 'released' else ${bookingOccupancies.status} end`,
      updated_at: now,
    })
    .where(tx.scope(bookingOccupancies, eq(bookingOccupancies.id, sessionId)));
}

/**
 * Takes one seat of the staff member's active session of this service at `start`, if
 * it has one left. The CHECK (seats_taken ≤ capacity) guards it in the database too.
 */
export async function takeSessionSeat(
  tx: TenantDb,
  staffId: string,
  serviceId: string,
  start: Date,
  now: Date,
): Promise<string | undefined> {
  const [session] = await tx
    .raw()
    .update(bookingOccupancies)
    .set({ seats_taken: sql`${bookingOccupancies.seats_taken} + 1`, updated_at: now })
    .where(
      tx.scope(
        bookingOccupancies,
        eq(bookingOccupancies.staff_id, staffId),
        eq(bookingOccupancies.service_id, serviceId),
        eq(bookingOccupancies.kind, 'session'),
        eq(bookingOccupancies.start_time, start),
        inArray(bookingOccupancies.status, ['pending', 'confirmed']),
        sql`${bookingOccupancies.seats_taken} < ${bookingOccupancies.capacity}`,
      ),
    )
    .returning({ id: bookingOccupancies.id });
  return session?.id;
}
