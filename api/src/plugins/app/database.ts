import {
  createCountriesRepository,
  type DatabaseHandle,
  isDirectoryEmpty,
  migrateDatabase,
  openDatabase,
  seedDemoDirectory,
} from '@cmss/db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
  }
}

/**
 * Opens the database, applies pending migrations and refreshes reference data before any route runs.
 * A fresh machine gets the fictional demo directory so that `npm start` shows a working system.
 */
export default fp(
  async (app) => {
    const handle = openDatabase(app.config.databasePath, { backgroundCheckpoints: true });
    app.addHook('onClose', async () => handle.close());
    migrateDatabase(handle);
    createCountriesRepository(handle.db).syncReferenceData();
    if (app.config.seedDemo && isDirectoryEmpty(handle)) {
      const counts = seedDemoDirectory(handle);
      app.log.info(counts, 'seeded the fictional demo directory (SEED_DEMO=false turns this off)');
    }
    app.decorate('database', handle);
  },
  { name: 'database' },
);
