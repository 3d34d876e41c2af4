import type Database from 'better-sqlite3';
import type { Db } from '../client.js';

/**
 * The better-sqlite3 connection under a drizzle handle, for the directory's hot paths (search, import)
 * whose SQL is SQLite-specific anyway (FTS5) and which reuse prepared statements. drizzle sets
 * `$client` on every handle it creates; the `Db` type just does not declare it.
 */
export const rawSqlite = (db: Db): Database.Database => (db as Db & { $client: Database.Database }).$client;
