import {
  type ApiKey,
  type ApiKeyCreate,
  type ApiKeyCreated,
  apiKeyCreatedSchema,
  apiKeySchema,
} from '@booksprintz/shared';
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { lockTenant } from '../../db/row-lock.ts';
import { bookingApiKeys as keys } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { assertOwnReferences } from '../catalog/references.ts';
import { generateApiKey } from './api-key-secret.ts';
import type { KeyAuth } from './key-auth.ts';

const notFound = () => new ApiError('not_found', 'No such API key.');

/** Every key of the tenant, revoked ones included (so owners can audit); never a hash. */
export async function listApiKeys(tdb: TenantDb): Promise<ApiKey[]> {
  const rows = await tdb.list(keys, { orderBy: [asc(keys.created_at), asc(keys.id)] });
  return rows.map((row) => toResponse(apiKeySchema, row));
}

/**
 * Issues a key; the key itself is in this response only (the database keeps its hash).
 * Only an owner key may mint owner keys, or an admin could promote itself.
 */
export async function createApiKey(
  tdb: TenantDb,
  auth: KeyAuth,
  input: ApiKeyCreate,
): Promise<ApiKeyCreated> {
  if (input.role === 'owner' && auth.role !== 'owner') {
    throw new ApiError('forbidden', 'Only an owner key can create owner keys.');
  }
  await assertOwnReferences(tdb, 'staff', [input.staff_id], 'staff_id');
  const key = await generateApiKey();
  const row = await tdb.insert(keys, {
    name: input.name,
    role: input.role,
    staff_id: input.staff_id ?? null,
    key_hash: key.hash,
    key_prefix: key.prefix,
  });
  return toResponse(apiKeyCreatedSchema, { api_key: key.key, key: toResponse(apiKeySchema, row) });
}

/**
 * Revokes a key; from the next request on it is refused (keys are looked up on every
 * request, nothing caches them). Revoking an already revoked key changes nothing. An
 * admin may not revoke owner keys, and the last live owner key cannot go: the business
 * would lose the only key that can mint owner keys.
 */
export async function revokeApiKey(tdb: TenantDb, auth: KeyAuth, keyId: string): Promise<void> {
  await tdb.transaction(async (tx) => {
    // Serialises revocations, so two owners revoking each other cannot both succeed.
    await lockTenant(tx);
    const key = await tx.get(keys, keyId);
    if (!key) throw notFound();
    if (key.revoked_at) return;
    if (key.role === 'owner') {
      if (auth.role !== 'owner') {
        throw new ApiError('forbidden', 'Only an owner key can revoke owner keys.');
      }
      const otherOwners = await tx.count(
        keys,
        and(eq(keys.role, 'owner'), isNull(keys.revoked_at), ne(keys.id, keyId)),
      );
      if (otherOwners === 0) {
        throw new ApiError(
          'conflict',
          'This is the last owner key; create another owner key before revoking it.',
        );
      }
    }
    await tx.update(keys, keyId, { revoked_at: new Date() });
  });
}
