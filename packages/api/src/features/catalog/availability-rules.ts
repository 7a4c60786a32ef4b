import {
  type AvailabilityRule,
  type AvailabilityRuleCreate,
  type AvailabilityRuleListQuery,
  type AvailabilityRuleUpdate,
  availabilityRuleSchema,
  checkRuleConsistency,
} from '@booksprintz/shared';
import { and, asc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { lockRow } from '../../db/row-lock.ts';
import { bookingAvailabilityRules as rules } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import type { KeyAuth } from '../accounts/key-auth.ts';
import { assertConsistent, assertOwnReferences } from './references.ts';

const notFound = () => new ApiError('not_found', 'No such availability rule.');

/**
 * Whose rules a key may touch: owners and admins, any; a staff key, only rules of its own
 * staff member (a staff key without one may touch none).
 */
function ownScope(auth: KeyAuth): SQL | undefined {
  if (auth.role !== 'staff') return undefined;
  return auth.staffId ? eq(rules.staff_id, auth.staffId) : sql`false`;
}

/**
 * Which rules a key may read: a staff key also sees the business-wide ones (opening
 * hours, holidays), read-only, because they shape its own calendar and the owner app
 * shades the staff member's day by them. Other staff members' rules stay invisible.
 */
function readScope(auth: KeyAuth): SQL | undefined {
  if (auth.role !== 'staff') return undefined;
  const wide = isNull(rules.staff_id);
  return auth.staffId ? or(eq(rules.staff_id, auth.staffId), wide) : wide;
}

const businessWideForbidden = () =>
  new ApiError('forbidden', 'Business-wide rules are read-only for a staff key; ask an admin.');

/** A staff key creating or moving a rule must keep it on its own calendar. */
function assertMayOwn(auth: KeyAuth, staffId: string | null | undefined): void {
  if (auth.role === 'staff' && (!staffId || staffId !== auth.staffId)) {
    throw new ApiError(
      'forbidden',
      "A staff key manages only its own staff member's rules; business-wide rules need an admin key.",
    );
  }
}

export async function listRules(
  tdb: TenantDb,
  auth: KeyAuth,
  filters: AvailabilityRuleListQuery,
): Promise<AvailabilityRule[]> {
  const rows = await tdb.list(rules, {
    where: and(
      readScope(auth),
      filters.staff_id ? eq(rules.staff_id, filters.staff_id) : undefined,
      filters.location_id ? eq(rules.location_id, filters.location_id) : undefined,
      filters.rule_type ? eq(rules.rule_type, filters.rule_type) : undefined,
    ),
    orderBy: [
      asc(rules.staff_id),
      asc(rules.rule_type),
      asc(rules.day_of_week),
      asc(rules.specific_date),
      asc(rules.date_range_start),
      asc(rules.start_time),
      asc(rules.created_at),
    ],
  });
  return rows.map((row) => toResponse(availabilityRuleSchema, row));
}

export async function getRule(
  tdb: TenantDb,
  auth: KeyAuth,
  ruleId: string,
): Promise<AvailabilityRule> {
  const row = await tdb.get(rules, ruleId, readScope(auth));
  if (!row) throw notFound();
  return toResponse(availabilityRuleSchema, row);
}

export async function createRule(
  tdb: TenantDb,
  auth: KeyAuth,
  input: AvailabilityRuleCreate,
): Promise<AvailabilityRule> {
  assertMayOwn(auth, input.staff_id);
  await assertRuleReferences(tdb, input);
  const row = await tdb.insert(rules, {
    ...input,
    // Blocks close time; recurring rules and overrides open it unless told otherwise.
    is_available: input.is_available ?? input.rule_type !== 'block',
  });
  return toResponse(availabilityRuleSchema, row);
}

/** Partial update; the rule's consistency is checked on the merged row, under a lock. */
export async function updateRule(
  tdb: TenantDb,
  auth: KeyAuth,
  ruleId: string,
  patch: AvailabilityRuleUpdate,
): Promise<AvailabilityRule> {
  const row = await tdb.transaction(async (tx) => {
    const existing = await lockRow(tx, rules, ruleId);
    if (!existing) throw notFound();
    if (auth.role === 'staff' && existing.staff_id !== auth.staffId) {
      throw existing.staff_id === null ? businessWideForbidden() : notFound();
    }
    if (patch.staff_id !== undefined) assertMayOwn(auth, patch.staff_id);
    const merged = { ...existing, ...patch };
    assertConsistent((addIssue) => checkRuleConsistency(merged, addIssue));
    await assertRuleReferences(tx, patch);
    return tx.update(rules, ruleId, { ...patch, updated_at: new Date() });
  });
  if (!row) throw notFound();
  return toResponse(availabilityRuleSchema, row);
}

export async function deleteRule(tdb: TenantDb, auth: KeyAuth, ruleId: string): Promise<void> {
  const deleted = await tdb.delete(rules, and(eq(rules.id, ruleId), ownScope(auth)) as SQL);
  if (deleted > 0) return;
  // Nothing deleted: a business-wide rule a staff key can read is refused, not hidden.
  if (auth.role === 'staff' && (await tdb.get(rules, ruleId, isNull(rules.staff_id)))) {
    throw businessWideForbidden();
  }
  throw notFound();
}

/** The rule's staff, location and service must be this tenant's (400 naming the field). */
async function assertRuleReferences(
  tdb: TenantDb,
  rule: Pick<AvailabilityRuleUpdate, 'staff_id' | 'location_id' | 'service_id'>,
): Promise<void> {
  await assertOwnReferences(tdb, 'staff', [rule.staff_id], 'staff_id');
  await assertOwnReferences(tdb, 'location', [rule.location_id], 'location_id');
  await assertOwnReferences(tdb, 'service', [rule.service_id], 'service_id');
}
