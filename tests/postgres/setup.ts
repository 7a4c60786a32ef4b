import { randomUUID } from 'node:crypto';
import * as schema from '@booksprintz/api/db/schema';
import { migrateDatabase } from '@booksprintz/dev-stack';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's URL (database `booksprintz`), from `global-setup.ts`. */
    postgresUrl: string;
  }
}

export type Db = NodePgDatabase<typeof schema>;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database in the shared test cluster, so test files cannot see each other. */
export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const clusterUrl = inject('postgresUrl');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  await withClient(clusterUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  if (options.migrate) await migrateDatabase(url.href);
  return {
    url: url.href,
    drop: async () => {
      await withClient(clusterUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

export async function withClient<T>(
  url: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await connect(url);
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function database(client: pg.Client): Db {
  return drizzle({ client, schema });
}

/** The file's migrated database and its one connection (`migratedDatabase`). */
export interface MigratedDatabase {
  readonly client: pg.Client;
  /** drizzle over `client`. */
  readonly db: Db;
}

/**
 * A fresh migrated database and one connection to it for the calling file's tests:
 * made before they run, closed and dropped after. Read `client` and `db` inside tests.
 */
export function migratedDatabase(): MigratedDatabase {
  let testDb: TestDatabase | undefined;
  let client: pg.Client | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase({ migrate: true });
    client = await connect(testDb.url);
    db = database(client);
  });
  afterAll(async () => {
    await client?.end();
    await testDb?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('migratedDatabase: read inside a test, not at load');
    return value;
  };
  return {
    get client() {
      return ready(client);
    },
    get db() {
      return ready(db);
    },
  };
}

/** The Postgres error behind an error, also when drizzle wraps it (`DrizzleQueryError.cause`). */
export function postgresError(error: unknown): { code?: string; constraint?: string } | undefined {
  let current: unknown = error;
  while (current && typeof current === 'object') {
    if (
      'code' in current &&
      typeof current.code === 'string' &&
      /^[0-9A-Z]{5}$/.test(current.code)
    ) {
      return current as { code: string; constraint?: string };
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** Runs `action`, which must fail, and returns the SQLSTATE and constraint it failed with. */
export async function violation(
  action: () => Promise<unknown>,
): Promise<{ code?: string; constraint?: string }> {
  try {
    await action();
  } catch (error) {
    const cause = postgresError(error);
    if (cause) return { code: cause.code, constraint: cause.constraint };
    throw error;
  }
  throw new Error('expected a database error, but the statement succeeded');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fixtureCount = 0;

/** A tenant with the columns the tests do not care about left at their defaults. */
export async function createTenant(
  db: Db,
  values: Partial<typeof schema.bookingTenants.$inferInsert> = {},
) {
  fixtureCount++;
  const subdomain = `tenant-${fixtureCount}-${randomUUID().slice(0, 8)}`;
  const [tenant] = await db
    .insert(schema.bookingTenants)
    .values({ name: subdomain, business_name: subdomain, subdomain, ...values })
    .returning();
  return tenant!;
}

export async function createStaff(db: Db, tenantId: string, name = 'Staff member') {
  const [staff] = await db
    .insert(schema.bookingStaff)
    .values({ tenant_id: tenantId, name })
    .returning();
  return staff!;
}

export async function createService(
  db: Db,
  tenantId: string,
  values: Partial<typeof schema.bookingServices.$inferInsert> = {},
) {
  fixtureCount++;
  const [service] = await db
    .insert(schema.bookingServices)
    .values({
      tenant_id: tenantId,
      slug: `service-${fixtureCount}`,
      name: 'Service',
      duration_minutes: 30,
      price_cents: 3500,
      currency: 'USD',
      ...values,
    })
    .returning();
  return service!;
}
