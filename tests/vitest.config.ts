import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'postgres',
          include: ['postgres/**/*.test.ts'],
          // One real Postgres cluster for the run; every test file gets its own database.
          globalSetup: ['postgres/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'stack',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', 'postgres/**'],
          // Each file brings up real Postgres + workerd; two cores, so one file at a time.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
