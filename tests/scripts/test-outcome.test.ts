import { describe, expect, it } from 'vitest';
import { judgeSuite, type VitestJson } from '../../scripts/test-outcome.ts';

/** A report as vitest writes it for a run of `passed` tests and nothing else. */
const report = (fields: Partial<VitestJson>): VitestJson => ({
  success: true,
  numFailedTestSuites: 0,
  numPassedTests: 10,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  ...fields,
});

describe('pnpm test: how one suite is judged', () => {
  it('passes a clean run and sums its counts', () => {
    expect(judgeSuite(0, report({ numPendingTests: 2, numTodoTests: 1 }))).toEqual({
      failed: false,
      counts: { passed: 10, failed: 0, skipped: 3 },
    });
  });

  it('fails a file whose beforeAll threw even though vitest exited 0', () => {
    // What CI once saw: the stack could not start, the file's two tests were "skipped",
    // the report said success: false and the exit code was 0.
    const outcome = judgeSuite(
      0,
      report({ success: false, numFailedTestSuites: 1, numPendingTests: 2 }),
    );
    expect(outcome.failed).toBe(true);
    expect(outcome.counts).toEqual({ passed: 10, failed: 1, skipped: 2 });
  });

  it('fails on a failed file alone, and on success: false alone', () => {
    expect(judgeSuite(0, report({ numFailedTestSuites: 1 })).failed).toBe(true);
    expect(judgeSuite(0, report({ success: false })).failed).toBe(true);
  });

  it('fails a non-zero exit whatever the report says, keeping real failure counts', () => {
    expect(judgeSuite(1, report({})).counts.failed).toBe(1);
    expect(judgeSuite(1, report({ success: false, numFailedTests: 3 })).counts).toEqual({
      passed: 10,
      failed: 3,
      skipped: 0,
    });
  });

  it('fails a suite that wrote no report, whatever its exit code', () => {
    expect(judgeSuite(1, undefined)).toEqual({
      failed: true,
      counts: { passed: 0, failed: 1, skipped: 0 },
    });
    // Every suite writes a report; without one nothing shows its tests ran.
    expect(judgeSuite(0, undefined)).toEqual({
      failed: true,
      counts: { passed: 0, failed: 1, skipped: 0 },
    });
  });
});
