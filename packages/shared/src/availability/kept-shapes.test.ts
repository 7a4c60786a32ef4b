/**
 * The engine's optimized code outlives a full collection (kept-shapes.ts). A child Node
 * runs a month of any-staff answers, then a full collection, four times over, with V8
 * tracing the optimized code it throws away. V8 compiles on the main thread there
 * (`--single-threaded`), so what is optimized when does not depend on the machine's speed.
 * A class of the script's own, made the same way with no instance kept, shows that the
 * trace reports what the test looks for.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const here = (file: string) => JSON.stringify(new URL(file, import.meta.url).href);

const script = `
import { computeAvailabilityJsonPieces } from ${here('./answer-json.ts')};
import { context, occupancy, service, staffMember, weekly, EVERY_DAY } from ${here('./test-fixtures.ts')};

const staff = ['ana', 'ben', 'cy'].map((id, i) => staffMember({ id, display_order: i }));
const ctx = context({
  staff,
  rules: staff.flatMap((person) => weekly(EVERY_DAY, '09:00', '17:00', { staff_id: person.id })),
  occupancies: [
    occupancy('ana', '2027-03-03T15:00:00Z', '2027-03-03T16:00:00Z'),
    occupancy('ben', '2027-03-10T14:00:00Z', '2027-03-10T17:00:00Z'),
  ],
});
const query = {
  service: service({ duration_minutes: 30 }),
  start_date: '2027-03-01',
  end_date: '2027-03-31',
  now: new Date('2027-01-01T00:00:00Z'),
};

// The control: made afresh on every call, like the engine's classes, and never kept.
class Tally { seen = new Float64Array(4); last = 0; }
function tallied(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const tally = new Tally();
    tally.last = i;
    sum += tally.last + tally.seen[0];
  }
  return sum;
}

// As a server would: each round a task of its own, the collection between them.
for (let round = 0; round < 4; round++) {
  for (let i = 0; i < 150; i++) {
    if (computeAvailabilityJsonPieces(ctx, query).length === 0) throw new Error('no answer');
  }
  for (let i = 0; i < 2000; i++) tallied(20);
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
}
`;

/**
 * How many times V8 threw away each function's optimized code because an object it
 * embedded died, by function name.
 */
function clearedByCollections(): Map<string, number> {
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--single-threaded',
      '--trace-deopt',
      '--disable-warning=ExperimentalWarning',
      '--input-type=module',
      '-e',
      script,
    ],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  const counts = new Map<string, number>();
  for (const match of run.stdout.matchAll(
    /<SharedFunctionInfo ([^>]*)>.*embedded weak objects cleared/g,
  )) {
    counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  }
  return counts;
}

describe('kept shapes', () => {
  it("keeps the engine's optimized code through full collections", () => {
    const cleared = clearedByCollections();
    // The control's code is thrown away at each collection: the trace says so.
    expect(cleared.get('tallied')).toBeGreaterThanOrEqual(3);
    // No other code is, more than once: the first collection may still take code that
    // embedded the first call's one-off objects (Node's own, or a zone's first formatter).
    // Without the kept shapes, the engine's hot functions (the merge, the offer lists,
    // the writer) were thrown away at all four.
    const repeated = [...cleared].filter(
      ([name, times]) => name !== 'tallied' && name !== 'Tally' && times > 1,
    );
    expect(repeated).toEqual([]);
  });
});
