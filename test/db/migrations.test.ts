import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER, migrateDatabase, migrationStatus, openDatabase } from '@cmss/db';
import { describe, expect, it } from 'vitest';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cmss-migrations-'));

describe('migrations', () => {
  it('bring a fresh database up to date with WAL and foreign keys on', () => {
    const handle = openDatabase(join(tempDir(), 'fresh.db'));
    expect(migrationStatus(handle).upToDate).toBe(false);
    migrateDatabase(handle);
    const status = migrationStatus(handle);
    expect(status).toMatchObject({ upToDate: true });
    expect(status.applied).toBeGreaterThan(0);
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(handle.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    handle.close();
  });

  it('upgrade a database made by the previous release without losing its rows', () => {
    // The "previous release" is the same migrations folder with the newest migration left out.
    const journalPath = join(MIGRATIONS_FOLDER, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    const previous = join(tempDir(), 'drizzle');
    cpSync(MIGRATIONS_FOLDER, previous, { recursive: true });
    writeFileSync(
      join(previous, 'meta/_journal.json'),
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }),
    );

    const path = join(tempDir(), 'upgrade.db');
    const old = openDatabase(path);
    migrateDatabase(old, previous);
    const hasCountries = old.sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='countries'")
      .get();
    if (hasCountries)
      old.sqlite.prepare("INSERT INTO countries VALUES ('PL','Poland','Europe/Warsaw','EU')").run();
    old.close();

    const upgraded = openDatabase(path);
    migrateDatabase(upgraded);
    expect(migrationStatus(upgraded).upToDate).toBe(true);
    if (hasCountries) {
      expect(upgraded.sqlite.prepare("SELECT name FROM countries WHERE code='PL'").get()).toEqual({
        name: 'Poland',
      });
    }
    // Migrating again is a no-op.
    migrateDatabase(upgraded);
    expect(migrationStatus(upgraded).applied).toBe(journal.entries.length);
    upgraded.close();
  });

  it('refuse to treat a database as ready when a migration is missing', () => {
    const handle = openDatabase(':memory:');
    expect(migrationStatus(handle)).toMatchObject({ applied: 0, upToDate: false });
    handle.close();
  });
});
