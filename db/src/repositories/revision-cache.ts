import type { Db } from '../client.js';
import { rawSqlite } from './raw-sqlite.js';

/**
 * How long the directory revision read from the database is trusted while this connection writes
 * nothing: a change committed by another connection (another process, such as `npm run retention`) is
 * seen at most this late.
 */
export const REVISION_RECHECK_MS = 1;

const revisionReaders = new WeakMap<object, () => number>();

/**
 * The directory revision (raised by triggers on every change to the directory tables, migration
 * `directory_revision`), as one reader per connection shared by every cache over it. Reading it is a
 * read transaction of its own, ~10 µs under load: a tenth of a cached type-ahead answer, and a facets
 * answer asked it three times. So it is read again only when this connection has written anything since
 * (SQLite's change counter, which a trigger's writes raise too, costs no transaction) or after
 * REVISION_RECHECK_MS; inside a transaction it is always read, as the transaction sees it.
 */
function revisionReader(db: Db): () => number {
  const sqlite = rawSqlite(db);
  const known = revisionReaders.get(sqlite);
  if (known) return known;
  const read = sqlite.prepare<[], number>('SELECT revision FROM directory_revision WHERE id = 1').pluck();
  const changes = sqlite.prepare<[], number>('SELECT total_changes()').pluck();
  let revision = 0;
  let changesThen = -1;
  let readAt = Number.NEGATIVE_INFINITY;
  const reader = () => {
    // Not remembered: a rollback would leave a revision no committed data has.
    if (sqlite.inTransaction) return read.get()!;
    const now = performance.now();
    const changed = changes.get()!;
    if (changed !== changesThen || now - readAt >= REVISION_RECHECK_MS) {
      revision = read.get()!;
      changesThen = changed;
      readAt = now;
    }
    return revision;
  };
  revisionReaders.set(sqlite, reader);
  return reader;
}

/**
 * A small LRU cache of directory query results, valid for one directory revision, so a cached page is
 * never stale, whichever code path or process wrote (another process's change: within
 * REVISION_RECHECK_MS). Type-ahead repeats the same short prefixes many times; a hit costs no query.
 */
export function createRevisionCache<T>(db: Db, maxEntries: number) {
  const current = revisionReader(db);
  const entries = new Map<string, T>();
  let revision: number | undefined;

  return {
    get(key: string, compute: () => T): T {
      if (maxEntries <= 0) return compute();
      // Read before computing: a result is stored under a revision no newer than the data it saw.
      const now = current();
      if (now !== revision) {
        entries.clear();
        revision = now;
      }
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const value = compute();
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    },
  };
}
