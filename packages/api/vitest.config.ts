import { defineConfig } from 'vitest/config';

// Unit tests of the Worker's code: no database, no workerd. Suites that need real
// Postgres or the whole stack live in tests/ (tests/postgres, tests/workerd-postgres).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
