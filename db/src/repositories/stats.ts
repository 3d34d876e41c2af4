import { count } from 'drizzle-orm';
import type { Db } from '../client.js';
import { clinicians, countries, hospitals, hostAccounts } from '../schema/index.js';

export function createStatsRepository(db: Db) {
  return {
    directoryCounts() {
      const n = (table: typeof countries | typeof hospitals | typeof clinicians | typeof hostAccounts) =>
        db.select({ n: count() }).from(table).get()?.n ?? 0;
      return {
        countries: n(countries),
        hospitals: n(hospitals),
        clinicians: n(clinicians),
        hostAccounts: n(hostAccounts),
      };
    },
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
