import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant } from './columns.ts';

/**
 * `Idempotency-Key` records for `POST …/appointments` (DESIGN §4): the same key and body
 * replays the stored response; the same key with another body is 422. A row whose
 * `response_status` is null is a request still in flight.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: id(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    key: varchar('key', { length: 255 }).notNull(),
    /** SHA-256 (hex) of method, path and body. */
    request_hash: varchar('request_hash', { length: 64 }).notNull(),
    response_status: integer('response_status'),
    response_body: jsonb('response_body'),
    created_at: instant('created_at').notNull().defaultNow(),
    expires_at: instant('expires_at').notNull().default(sql`now() + interval '24 hours'`),
  },
  (t) => [
    unique('idempotency_keys_tenant_key_key').on(t.tenant_id, t.key),
    // The sweep that deletes expired keys runs across tenants.
    index('idempotency_keys_expires_idx').on(t.expires_at),
  ],
);

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
