import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../api/drizzle', import.meta.url));

/**
 * Arbitrary constant naming the session advisory lock taken while migrating: `pnpm dev`
 * and several test suites may migrate the same database at once, and drizzle's migrator
 * would otherwise race on creating the same tables.
 */
const MIGRATION_LOCK_KEY = 7_245_001;

/**
 * Applies the committed drizzle migrations (`packages/api/drizzle`) that the database
 * has not seen yet. Idempotent: drizzle records applied migrations in
 * `drizzle.__drizzle_migrations`, so a second run changes nothing.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

if (import.meta.main) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  await migrateDatabase(url);
  console.log('Migrations applied');
}
