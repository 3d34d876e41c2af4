import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, migrationStatus, openDatabase } from '@cmss/db';
import { describe, expect, it } from 'vitest';

describe('migrations', () => {
  it('bring a fresh database up to date and record every migration', () => {
    const handle = openDatabase(join(mkdtempSync(join(tmpdir(), 'cmss-')), 'fresh.db'));
    expect(migrationStatus(handle).upToDate).toBe(false);
    migrateDatabase(handle);
    const status = migrationStatus(handle);
    expect(status.upToDate).toBe(true);
    expect(status.applied).toBeGreaterThan(0);
    const pragmas = {
      journal: handle.sqlite.pragma('journal_mode', { simple: true }),
      fk: handle.sqlite.pragma('foreign_keys', { simple: true }),
    };
    expect(pragmas).toEqual({ journal: 'wal', fk: 1 });
    handle.close();
  });
});
