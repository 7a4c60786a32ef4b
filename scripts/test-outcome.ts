/**
 * How `pnpm test` (scripts/test.ts) judges one suite from its runner's exit code and its
 * vitest JSON report: kept apart so the rule itself is tested
 * (tests/scripts/test-outcome.test.ts).
 */

/** The fields of vitest's JSON report the judgement reads. */
export interface VitestJson {
  success?: boolean;
  numFailedTestSuites?: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

export interface SuiteOutcome {
  failed: boolean;
  counts: { passed: number; failed: number; skipped: number };
}

/**
 * A suite fails when its runner exits non-zero, or when its report says so even though
 * the exit code was 0 (a file whose `beforeAll` threw marks its tests "skipped" and, once
 * in CI, vitest still exited 0), or when there is no report at all (every suite writes
 * one, so a missing report means it crashed or never ran its tests). A failed suite
 * never counts 0 failures in the summary line.
 */
export function judgeSuite(exitCode: number, report: VitestJson | undefined): SuiteOutcome {
  const counts = report
    ? {
        passed: report.numPassedTests,
        failed: report.numFailedTests,
        skipped: report.numPendingTests + report.numTodoTests,
      }
    : { passed: 0, failed: 0, skipped: 0 };
  const reportFailed =
    report !== undefined && (report.success === false || (report.numFailedTestSuites ?? 0) > 0);
  const failed = exitCode !== 0 || report === undefined || reportFailed;
  if (failed && counts.failed === 0) counts.failed = 1;
  return { failed, counts };
}
