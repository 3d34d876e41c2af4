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

/** A row's search columns as the previous release's folding derived them. */
export interface OldSearchColumns {
  searchName: string;
  searchText: string;
  sortName: string;
}

/** A hospital as the previous release stored it (its country must be in the database); returns its id. */
export function oldHospital(
  old: DatabaseHandle,
  h: { name: string; city: string; countryCode: string } & OldSearchColumns,
): number {
  const now = new Date().toISOString();
  return Number(
    old.sqlite
      .prepare(
        `INSERT INTO hospitals (name, city, country_code, created_at, updated_at, search_name, search_text, sort_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(h.name, h.city, h.countryCode, now, now, h.searchName, h.searchText, h.sortName).lastInsertRowid,
  );
}

/** Who a clinician is and where, indexed the old way: what oldClinician stores, and pendingDryRun's row. */
export interface OldClinician extends OldSearchColumns {
  givenName: string;
  familyName: string;
  email: string;
  hospitalId: number;
}

/** A clinician as the previous release stored it. */
export function oldClinician(old: DatabaseHandle, c: OldClinician): void {
  const now = new Date().toISOString();
  old.sqlite
    .prepare(
      `INSERT INTO clinicians (given_name, family_name, role, hospital_id, email, email_normalised, created_at,
                               updated_at, search_name, search_text, sort_name)
       VALUES (?, ?, 'clinician', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      c.givenName,
      c.familyName,
      c.hospitalId,
      c.email,
      c.email,
      now,
      now,
      c.searchName,
      c.searchText,
      c.sortName,
    );
}

/**
 * A dry run the previous release made and did not commit: one created row (row 2), stored as that
 * release stored it, its search columns by that release's folding.
 */
export function pendingDryRun(old: DatabaseHandle, importId: string, row: OldClinician): void {
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
