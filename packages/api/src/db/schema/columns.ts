import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every instant is a `timestamptz` read back as a `Date` (UTC). */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);

export const timestamps = () => ({
  created_at: instant('created_at').notNull().defaultNow(),
  updated_at: instant('updated_at').notNull().defaultNow(),
});

/**
 * SQL for a name's URL handle: accents dropped (NFD, then the combining marks removed),
 * lower case, every run of other characters one `-`, none at the ends. `José Núñez` →
 * `jose-nunez`. Immutable functions only, so a generated column can use it.
 */
export const nameSlug = (name: AnyPgColumn): SQL =>
  sql`trim(both '-' from regexp_replace(lower(regexp_replace(normalize(${name}, NFD), '[\\u0300-\\u036f]', '', 'g')), '[^a-z0-9]+', '-', 'g'))`;
