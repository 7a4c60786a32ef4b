import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** A connected `pg` client for looking behind the API; `end()` it when done. */
export async function connectDb(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/**
 * Moves a business's availability version as every write's trigger does (migration
 * 0005): whatever the API keeps under the old version is out of date, and no data changed.
 */
export async function bumpAvailabilityVersion(db: pg.ClientBase, tenantId: string): Promise<void> {
  await db.query(
    `UPDATE booking_availability_versions SET version = version + 1
     WHERE tenant_id = $1 AND scope_id = tenant_id`,
    [tenantId],
  );
}

/** The stack's AES-GCM key (`ENCRYPTION_KEY`), kept beside its data by the dev secrets. */
export async function encryptionKey(dataDir: string): Promise<string> {
  const secrets = JSON.parse(await readFile(join(dataDir, 'dev-secrets.json'), 'utf8')) as {
    ENCRYPTION_KEY: string;
  };
  return secrets.ENCRYPTION_KEY;
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/**
 * An independent implementation of the at-rest format (`v1.<iv>.<ciphertext+tag>`,
 * AES-256-GCM, the column label as additional data), so tests check the format itself
 * rather than the Worker agreeing with its own code.
 */
export async function encryptColumn(
  secret: string,
  column: string,
  plaintext: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    Buffer.from(secret, 'base64'),
    'AES-GCM',
    false,
    ['encrypt'],
  );
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(column) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(sealed))}`;
}

export async function decryptColumn(
  secret: string,
  column: string,
  stored: string,
): Promise<string> {
  const [version, iv, sealed] = stored.split('.');
  if (version !== 'v1' || !iv || !sealed) throw new Error(`not a v1 ciphertext: ${stored}`);
  const key = await crypto.subtle.importKey(
    'raw',
    Buffer.from(secret, 'base64'),
    'AES-GCM',
    false,
    ['decrypt'],
  );
  const plain = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: Buffer.from(iv, 'base64url'),
      additionalData: new TextEncoder().encode(column),
    },
    key,
    Buffer.from(sealed, 'base64url'),
  );
  return new TextDecoder().decode(plain);
}

/** Every table of the public schema. */
async function publicTables(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return result.rows.map((row) => row.table_name);
}

/**
 * Row count and a content hash of every table, to prove rejected requests changed
 * nothing. `last_used_at` of API keys is left out: the key middleware may stamp it (off
 * the request path) on any authenticated request, accepted or not.
 */
export async function databaseSnapshot(client: pg.Client): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const table of await publicTables(client)) {
    const result = await client.query<{ n: number; hash: string | null }>(
      `SELECT count(*)::int AS n,
              md5(string_agg((to_jsonb(t) - 'last_used_at')::text, '|' ORDER BY (to_jsonb(t) - 'last_used_at')::text)) AS hash
         FROM "${table}" t`,
    );
    const row = result.rows[0];
    snapshot[table] = `${row?.n ?? 0}:${row?.hash ?? '-'}`;
  }
  return snapshot;
}

export interface TextHit {
  table: string;
  column: string;
  needle: string;
  value: string;
}

/**
 * Searches every text-like column (text, varchar, jsonb, json, arrays of them) of every
 * row of the tenant, in every table with a `tenant_id` (and the tenant row itself), for
 * any of the needles, case-insensitively.
 */
export async function findTenantText(
  client: pg.Client,
  tenantId: string,
  needles: string[],
): Promise<TextHit[]> {
  const columns = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public'
        AND (c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'inet')
             OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar')))
        AND (c.table_name = 'booking_tenants' OR EXISTS (
              SELECT 1 FROM information_schema.columns k
               WHERE k.table_schema = 'public' AND k.table_name = c.table_name
                 AND k.column_name = 'tenant_id'))`,
  );
  const hits: TextHit[] = [];
  for (const { table_name: table, column_name: column } of columns.rows) {
    const owner = table === 'booking_tenants' ? 'id' : 'tenant_id';
    for (const needle of needles) {
      const result = await client.query<{ value: string }>(
        `SELECT "${column}"::text AS value FROM "${table}"
          WHERE "${owner}" = $1 AND strpos(lower("${column}"::text), lower($2)) > 0`,
        [tenantId, needle],
      );
      for (const row of result.rows) hits.push({ table, column, needle, value: row.value });
    }
  }
  return hits;
}
