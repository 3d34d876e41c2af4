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

/** The row a pending dry run holds (see pendingDryRun): who, at which hospital, indexed how. */
export interface PendingRow {
  givenName: string;
  familyName: string;
  email: string;
  hospitalId: number;
  searchName: string;
  searchText: string;
  sortName: string;
}

/**
 * A dry run the previous release made and did not commit: one created row (row 2), stored as that
 * release stored it, its search columns by that release's folding.
 */
export function pendingDryRun(old: DatabaseHandle, importId: string, row: PendingRow): void {
  old.sqlite
    .prepare(
      `INSERT INTO directory_imports (id, status, file_name, format, encoding, created_by, created_at, summary)
       VALUES (?, 'dry_run', 'pending.csv', 'csv', 'utf-8', 'admin', ?, ?)`,
    )
    .run(
      importId,
      new Date().toISOString(),
      JSON.stringify({ dryRun: { rows: 1, created: 1, updated: 0, unchanged: 0, error: 0 } }),
    );
  old.sqlite
    .prepare(
      `INSERT INTO directory_import_rows (import_id, row_number, outcome, created_ordinal, email, data)
       VALUES (?, 2, 'created', 0, ?, jsonb(?))`,
    )
    .run(
      importId,
      row.email,
      JSON.stringify({
        title: null,
        givenName: row.givenName,
        familyName: row.familyName,
        role: 'clinician',
        hospitalId: row.hospitalId,
        email: row.email,
        phone: null,
        specialties: [],
        languages: [],
        networks: [],
        contactPerson: false,
        status: 'active',
        searchName: row.searchName,
        searchText: row.searchText,
        sortName: row.sortName,
        emailNormalised: row.email,
        hospitalVersion: 1,
        clinicianVersion: null,
        before: null,
      }),
    );
}
