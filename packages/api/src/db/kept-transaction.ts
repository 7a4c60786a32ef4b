/**
 * A transaction on a Durable Object's kept connection, begun as text (issue 21): the
 * SlotLock's bookings went through drizzle's transaction wrapper (its SQL builder for
 * `begin` and `commit`, a pool acquire and release) and sent the advisory lock as a
 * statement of its own. Here `begin` and the staff member's lock go in one simple-query
 * round trip; the work sees a TenantDb that knows the lock is held.
 */
import type { KeptConnection } from './client.ts';
import { TenantDb } from './tenant-db.ts';

/** Only a canonical (lower-case) UUID is ever written into the statement's text. */
/**
 * Thrown by work that ran on an autocommit TenantDb and found it needs a transaction
 * before it wrote anything: the caller runs it again inside one.
 */
export class NeedsTransaction extends Error {
  constructor(reason: string) {
    super(`needs a transaction: ${reason}`);
    this.name = 'NeedsTransaction';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function keptTransaction<R>(
  kept: KeptConnection,
  tenantId: string,
  /** The staff member whose advisory lock (DESIGN §4) is taken with `begin`, if any. */
  lockStaffId: string | undefined,
  work: (tx: TenantDb) => Promise<R>,
): Promise<R> {
  // Hashed exactly as `lockStaffCalendar` hashes it: every caller passes the canonical
  // (lower-case) id; anything else is left to `lockStaffCalendar` as a statement.
  const staffId = lockStaffId;
  const locked = staffId !== undefined && UUID.test(staffId);
  await kept.client.query(
    locked ? `begin; select pg_advisory_xact_lock(hashtextextended('${staffId}', 0))` : 'begin',
  );
  try {
    const result = await work(
      new TenantDb(kept.db, tenantId, {
        inTransaction: true,
        lockedStaffId: locked ? staffId : undefined,
        // The connection is the Durable Object's, kept: its statements are parsed once.
        prepared: true,
      }),
    );
    await kept.client.query('commit');
    return result;
  } catch (error) {
    // A broken connection cannot roll back; its owner closes it (the error says so).
    await kept.client.query('rollback').catch(() => undefined);
    throw error;
  }
}
