/**
 * Statements as text and parameters, written as tagged templates, for the few hot ones
 * (issue 21): drizzle's `sql` builder walks every chunk through its entity checks, and
 * for the booking path's two large statements that cost more CPU than the round trip.
 * Values become `$n` parameters; nested fragments are inlined; `pgRaw` is for text this
 * code wrote itself (column lists), never for input.
 *
 * @example
 * const q = pg`select * from booking_staff where tenant_id = ${tenantId} ${filter}`;
 * const rows = await tdb.query(q);
 */
export class PgFragment {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];

  constructor(strings: readonly string[], values: readonly unknown[]) {
    this.strings = strings;
    this.values = values;
  }
}

export function pg(strings: TemplateStringsArray, ...values: unknown[]): PgFragment {
  return new PgFragment(strings, values);
}

/** Text this code wrote (identifiers, column lists): inlined as is. */
export function pgRaw(text: string): PgFragment {
  return new PgFragment([text], []);
}

export function pgJoin(parts: readonly PgFragment[], separator: string): PgFragment {
  const strings: string[] = [''];
  const values: unknown[] = [];
  parts.forEach((part, index) => {
    if (index > 0) strings[strings.length - 1] += separator;
    values.push(part);
    strings.push('');
  });
  return new PgFragment(strings, values);
}

/** The statement's text with `$1…$n` and its parameters in order. */
export function pgText(fragment: PgFragment): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  let text = '';
  const walk = (part: PgFragment) => {
    text += part.strings[0];
    for (let i = 0; i < part.values.length; i++) {
      const value = part.values[i];
      if (value instanceof PgFragment) walk(value);
      else {
        params.push(value === undefined ? null : value);
        text += `$${params.length}`;
      }
      text += part.strings[i + 1];
    }
  };
  walk(fragment);
  return { text, params };
}

/** Statement names by text, for the whole isolate (`preparedName`). */
const names = new Map<string, string>();
/** Most distinct texts ever named: beyond them statements go unnamed, as before. */
const NAMED_LIMIT = 200;
let lastName = 0;

/**
 * A name for a statement's text, so that a connection kept across operations (a
 * SlotLock's) parses it once and afterwards sends only its parameters (issue 21: the
 * booking's two statements are ~5 KB of SQL that the driver encoded and Postgres parsed
 * and planned again for every booking). The same text always gets the same name and a
 * name is never reused for another text, so any connection may hold any of them;
 * undefined once NAMED_LIMIT texts are named (a flood of one-off variants stays unnamed).
 */
export function preparedName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= NAMED_LIMIT) return undefined;
    lastName += 1;
    name = `booksprintz_${lastName}`;
    names.set(text, name);
  }
  return name;
}
