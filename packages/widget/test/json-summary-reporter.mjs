// Writes {numPassedTests, numFailedTests, numPendingTests, numTodoTests} (the shape of
// vitest's JSON report that the root `pnpm test` sums) when the run finishes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function count(suite, totals) {
  for (const test of suite.tests) {
    if (test.skipped) totals.numPendingTests++;
    else if (test.passed) totals.numPassedTests++;
    else totals.numFailedTests++;
  }
  for (const child of suite.suites) count(child, totals);
}

export function jsonSummaryReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
      for (const session of sessions) {
        if (session.testResults) count(session.testResults, totals);
        // A file that failed to load or threw outside a test has no test results to count.
        if (!session.passed && session.errors.length) totals.numFailedTests++;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(totals)}\n`);
    },
  };
}
