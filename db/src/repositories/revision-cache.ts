import type { Db } from '../client.js';
import { rawSqlite } from './raw-sqlite.js';

/**
 * A small LRU cache of directory query results, valid for one directory revision. The revision is
 * raised by triggers on every change to the directory tables (migration `directory_revision`), so a
 * cached page is never stale, whichever code path or process wrote. Type-ahead repeats the same short
 * prefixes many times; a hit costs one primary-key read instead of an FTS match and a ranking sort.
 */
export function createRevisionCache<T>(db: Db, maxEntries: number) {
  const sqlite = rawSqlite(db);
  const current = sqlite.prepare<[], number>('SELECT revision FROM directory_revision WHERE id = 1').pluck();
  const entries = new Map<string, T>();
  let revision: number | undefined;

  return {
    get(key: string, compute: () => T): T {
      if (maxEntries <= 0) return compute();
      // Read before computing: a result is stored under a revision no newer than the data it saw.
      const now = current.get();
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
