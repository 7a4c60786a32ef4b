/** `pnpm db:migrate`: applies the committed SQL migrations (idempotent). */
import { migrateDatabase } from '../packages/dev-stack/src/migrate.ts';
import { runMain, withDatabase } from './with-database.ts';

await runMain(() =>
  withDatabase(async (url) => {
    await migrateDatabase(url);
    console.log('Migrations applied.');
  }),
);
