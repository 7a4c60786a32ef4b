import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { migrateDatabase } from '@booksprintz/dev-stack';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, withClient } from './setup.ts';

/** The API package: its drizzle schema, migrations and drizzle-kit. */
const PACKAGE_DIR = fileURLToPath(new URL('../../packages/api/', import.meta.url));
const MIGRATIONS_DIR = join(PACKAGE_DIR, 'drizzle');

const EXPECTED_TABLES = [
  'appointments',
  'booking_account_tokens',
  'booking_analytics_events',
  'booking_api_keys',
  'booking_availability_rules',
  'booking_availability_versions',
  'booking_calendar_connections',
  'booking_customers',
  'booking_embed_widgets',
  'booking_external_busy',
  'booking_locations',
  'booking_login_failures',
  'booking_notifications',
  'booking_occupancies',
  'booking_payment_settings',
  'booking_services',
  'booking_sessions',
  'booking_staff',
  'booking_stripe_events',
  'booking_tenant_users',
  'booking_tenants',
  'booking_users',
  'booking_webhook_deliveries',
  'booking_webhooks',
  'idempotency_keys',
];

/**
 * Rows about a person who signs in, not about any one business: a person may belong to
 * several (booking_tenant_users is the tenant-scoped link).
 */
const PERSON_TABLES = [
  'booking_account_tokens',
  'booking_login_failures',
  'booking_sessions',
  'booking_users',
];

/** Everything a migration could change in the public schema, as comparable text. */
async function catalogFingerprint(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
           || ' ' || coalesce(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'extension ' || extname FROM pg_extension
    ORDER BY 1`);
  return rows.map((row) => row.line);
}

async function journalTags(): Promise<string[]> {
  const journal = JSON.parse(
    await readFile(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8'),
  ) as {
    entries: Array<{ tag: string }>;
  };
  return journal.entries.map((entry) => entry.tag);
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('apply to an empty database, and a second run changes nothing', async () => {
    await withClient(db.url, async (client) => {
      const before = await client.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(before.rows[0].n).toBe(0);
    });

    await migrateDatabase(db.url);
    const [firstFingerprint, firstApplied] = await withClient(db.url, async (client) => [
      await catalogFingerprint(client),
      (await client.query('SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id'))
        .rows,
    ]);
    expect(firstApplied).toHaveLength((await journalTags()).length);

    await migrateDatabase(db.url);
    const [secondFingerprint, secondApplied] = await withClient(db.url, async (client) => [
      await catalogFingerprint(client),
      (await client.query('SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id'))
        .rows,
    ]);
    expect(secondApplied).toEqual(firstApplied);
    expect(secondFingerprint).toEqual(firstFingerprint);
  });

  it('create every table of the data model', async () => {
    const tables = await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      return rows.map((row) => row.table_name);
    });
    expect(tables).toEqual(EXPECTED_TABLES);
  });

  it('install the exclusion constraint that forbids overlapping active occupancies', async () => {
    const { rows } = await withClient(db.url, (client) =>
      client.query<{ contype: string; definition: string }>(
        `SELECT contype, pg_get_constraintdef(oid) AS definition FROM pg_constraint
          WHERE conname = 'booking_occupancies_no_overlap'
            AND conrelid = 'booking_occupancies'::regclass`,
      ),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.contype).toBe('x');
    expect(rows[0]!.definition).toMatch(
      /^EXCLUDE USING gist \(staff_id WITH =, tstzrange\(blocked_from, blocked_until, '\[\)'::text\) WITH &&\) WHERE/,
    );
    expect(rows[0]!.definition).toContain("'held'");
    expect(rows[0]!.definition).toContain('session_occupancy_id IS NULL');
  });

  it('scope every table but the tenants and people by a tenant_id that cascades on tenant delete', async () => {
    const { rows } = await withClient(db.url, (client) =>
      client.query<{ table_name: string; nullable: string; cascades: boolean }>(`
        SELECT c.table_name, c.is_nullable AS nullable,
               EXISTS (
                 SELECT 1 FROM pg_constraint k
                  WHERE k.conrelid = c.table_name::regclass AND k.contype = 'f'
                    AND k.confrelid = 'booking_tenants'::regclass AND k.confdeltype = 'c'
                    AND k.conkey = ARRAY[(SELECT attnum FROM pg_attribute
                                           WHERE attrelid = c.table_name::regclass
                                             AND attname = 'tenant_id')]
               ) AS cascades
          FROM information_schema.columns c
         WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND c.data_type = 'uuid'
         ORDER BY c.table_name`),
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      EXPECTED_TABLES.filter(
        (table) => table !== 'booking_tenants' && !PERSON_TABLES.includes(table),
      ),
    );
    for (const row of rows)
      expect(row, row.table_name).toMatchObject({ nullable: 'NO', cascades: true });
  });

  it('store every instant as timestamptz', async () => {
    const { rows } = await withClient(db.url, (client) =>
      client.query(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type = 'timestamp without time zone'`,
      ),
    );
    expect(rows).toEqual([]);
  });

  it('can run from two processes at once (dev server and a test suite)', async () => {
    const fresh = await createTestDatabase();
    try {
      await Promise.all([migrateDatabase(fresh.url), migrateDatabase(fresh.url)]);
      const applied = await withClient(fresh.url, (client) =>
        client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations'),
      );
      expect(applied.rows[0].n).toBe((await journalTags()).length);
    } finally {
      await fresh.drop();
    }
  });

  it('are in step with the TypeScript schema (drizzle-kit generate finds nothing to add)', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'booksprintz-drift-'));
    try {
      await cp(MIGRATIONS_DIR, scratch, { recursive: true });
      const require = createRequire(join(PACKAGE_DIR, 'package.json'));
      const drizzleKit = join(dirname(require.resolve('drizzle-kit')), 'bin.cjs');
      // drizzle-kit prefixes `--out` with './', so it has to be relative to the working directory.
      await promisify(execFile)(
        process.execPath,
        [
          drizzleKit,
          'generate',
          '--dialect=postgresql',
          '--schema=./src/db/schema/index.ts',
          `--out=${relative(PACKAGE_DIR, scratch)}`,
        ],
        { cwd: PACKAGE_DIR },
      );
      expect((await readdir(scratch)).sort()).toEqual((await readdir(MIGRATIONS_DIR)).sort());
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
