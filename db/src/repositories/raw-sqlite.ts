import type Database from 'better-sqlite3';
import type { Db } from '../client.js';

/**
 * The better-sqlite3 connection under a drizzle handle, for the directory's hot paths (search, import)
 * whose SQL is SQLite-specific anyway (FTS5) and which reuse prepared statements. drizzle sets
 * `$client` on every handle it creates; the `Db` type just does not declare it.
 */
export const rawSqlite = (db: Db): Database.Database => (db as Db & { $client: Database.Database }).$client;

/**
 * Runs `fn` in an IMMEDIATE transaction (a savepoint inside an open one): it takes the write lock before
 * its first read. The database file has other writers (the retention process, a second connection),
 * and a transaction begun deferred that read first and then met one failed at once with SQLITE_BUSY
 * (its snapshot stale) instead of waiting for the lock. Every write transaction is run this way; one
 * built once for a hot path calls `.immediate()` on its transaction function itself.
 */
export const writeTransaction = <T>(sqlite: Database.Database, fn: () => T): T =>
  sqlite.transaction(fn).immediate();

/** An index or trigger as sqlite_master keeps it: its name and the statement that creates it. */
export interface SchemaObject {
  name: string;
  sql: string;
}

/**
 * Runs `write` with the given indexes or triggers dropped and creates them again afterwards from their
 * own DDL, so the schema stays exactly what the migrations made. For bulk writes: building an index in
 * one sort beats many scattered inserts, and per-row triggers can be replaced by one statement. Only
 * inside a transaction: DDL is transactional in SQLite, so no other connection ever sees the tables
 * without them, and if `write` throws the rollback restores them.
 */
export function setAside<T>(
  sqlite: Database.Database,
  kind: 'INDEX' | 'TRIGGER',
  saved: readonly SchemaObject[],
  write: () => T,
): T {
  if (!sqlite.inTransaction) throw new Error(`a ${kind} may only be set aside inside a transaction`);
  for (const o of saved) sqlite.exec(`DROP ${kind} "${o.name.replaceAll('"', '""')}"`);
  const result = write();
  for (const o of saved) sqlite.exec(o.sql);
  return result;
}

/** First free id of an AUTOINCREMENT table: never reuses one handed out before, as SQLite would not. */
export function nextId(sqlite: Database.Database, table: string): number {
  const hasSequence = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
  const seq = hasSequence
    ? (sqlite.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as
        | { seq: number }
        | undefined)
    : undefined;
  const max = sqlite.prepare(`SELECT max(id) AS id FROM ${table}`).get() as { id: number | null };
  return Math.max(seq?.seq ?? 0, max.id ?? 0) + 1;
}
