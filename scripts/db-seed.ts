/** `pnpm db:seed`: adds the demo business when the database has no tenant yet. */
import { migrateDatabase } from '../packages/dev-stack/src/migrate.ts';
import { seedDemo } from '../packages/dev-stack/src/seed.ts';
import { runMain, withDatabase } from './with-database.ts';

await runMain(() =>
  withDatabase(async (url) => {
    await migrateDatabase(url);
    const seeded = await seedDemo(url, { history: true });
    console.log(
      seeded
        ? 'Demo business seeded (tenant "demo").'
        : 'The database has tenants already: nothing seeded.',
    );
  }),
);
