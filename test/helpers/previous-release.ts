import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, MIGRATIONS_FOLDER, migrateDatabase, openDatabase } from '@cmss/db';

/**
 * A database file as the previous release left it: migrated up to, not including, the migration whose
 * tag ends with `tagSuffix`. For upgrade tests: rows are written the old way, then the app opens the
 * file and runs the rest.
 */
export function databaseBefore(tagSuffix: string): { path: string; old: DatabaseHandle } {
  const dir = mkdtempSync(join(tmpdir(), 'cmss-previous-'));
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (cut <= 0) throw new Error(`no migration ${tagSuffix} after the first`);
  const previous = join(dir, 'drizzle');
  cpSync(MIGRATIONS_FOLDER, previous, { recursive: true });
  writeFileSync(
    join(previous, 'meta/_journal.json'),
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }),
  );
  const path = join(dir, 'cmss.db');
  const old = openDatabase(path);
  migrateDatabase(old, previous);
  return { path, old };
}
