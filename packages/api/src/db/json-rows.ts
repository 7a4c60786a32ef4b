import { getTableColumns, is } from 'drizzle-orm';
import { type PgTable, PgTimestamp } from 'drizzle-orm/pg-core';

/** Per table: [property, column name, is a Date] for each column. */
const plans = new WeakMap<PgTable, Array<[string, string, boolean]>>();

function planOf(table: PgTable): Array<[string, string, boolean]> {
  let plan = plans.get(table);
  if (!plan) {
    plan = Object.entries(getTableColumns(table)).map(([key, column]) => [
      key,
      column.name,
      is(column, PgTimestamp),
    ]);
    plans.set(table, plan);
  }
  return plan;
}

/**
 * A row that Postgres sent as JSON (`row_to_json(t)` inside a bigger document) turned
 * into the row drizzle would have returned: the same keys, `timestamptz` as `Date`.
 * JSON already carries numbers, booleans, arrays and jsonb as drizzle maps them.
 * For hot paths that read several tables in one statement (issue 21).
 *
 * @example
 * const tenant = rowFromJson(bookingTenants, doc.tenant);
 */
export function rowFromJson<T extends PgTable>(
  table: T,
  json: Record<string, unknown>,
): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, name, isDate] of planOf(table)) {
    const value = json[name];
    row[key] = isDate && typeof value === 'string' ? new Date(value) : (value ?? null);
  }
  return row as T['$inferSelect'];
}
