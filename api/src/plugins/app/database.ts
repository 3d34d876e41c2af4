import { createCountriesRepository, type DatabaseHandle, migrateDatabase, openDatabase } from '@cmss/db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
  }
}

/** Opens the database, applies pending migrations and refreshes reference data before any route runs. */
export default fp(
  async (app) => {
    const handle = openDatabase(app.config.databasePath);
    app.addHook('onClose', async () => handle.close());
    migrateDatabase(handle);
    createCountriesRepository(handle.db).syncReferenceData();
    app.decorate('database', handle);
  },
  { name: 'database' },
);
