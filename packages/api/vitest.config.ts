import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['test-postgres/**/*.test.ts'],
          // One real Postgres cluster for the run; every test file gets its own database.
          globalSetup: ['test-postgres/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
