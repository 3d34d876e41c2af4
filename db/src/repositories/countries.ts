import { COUNTRIES, type Country } from '@cmss/shared';
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { countries } from '../schema/index.js';

export function createCountriesRepository(db: Db) {
  return {
    list(): Country[] {
      return db.select().from(countries).orderBy(asc(countries.name)).all();
    },

    /** Reference data ships with the code; make the table match it (idempotent, run at every start). */
    syncReferenceData(): void {
      db.insert(countries)
        .values(COUNTRIES.map((c) => ({ ...c })))
        .onConflictDoUpdate({
          target: countries.code,
          set: {
            name: sql`excluded.name`,
            timeZone: sql`excluded.time_zone`,
            membership: sql`excluded.membership`,
          },
        })
        .run();
    },
  };
}

export type CountriesRepository = ReturnType<typeof createCountriesRepository>;
