import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '@cmss/db';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkpointInBackground } from '../../db/src/background-checkpoints.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'cmss-checkpoints-')), 'cmss.db');

/** Writes about 8 MB (2,000 pages) in one transaction: past SQLite's 1,000-page checkpoint threshold. */
function writeBulk(sqlite: Database.Database) {
  sqlite.exec('CREATE TABLE IF NOT EXISTS bulk (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = sqlite.prepare('INSERT INTO bulk (body) VALUES (?)');
  sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(4000));
  })();
}

async function until<T>(read: () => T, done: (value: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('background WAL checkpoints (the API server’s database)', () => {
  it('copies a large commit into the database file on a thread of its own, not on the committing one', async () => {
    const path = tempDb();
    const handle = openDatabase(path, { backgroundCheckpoints: true });
    migrateDatabase(handle);
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const fileBefore = statSync(path).size;
    writeBulk(handle.sqlite);
    // The committing connection does not checkpoint (SQLite's own would have, before the commit
    // returned): the database file grows once the checkpoint thread has copied the WAL's pages into it.
    const grown = await until(
      () => statSync(path).size - fileBefore,
      (n) => n > 8_000_000,
    );
    expect(grown).toBeGreaterThan(8_000_000);
    handle.close();
    // Closed: every row is in the file, read back by a fresh connection.
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT count(*) FROM bulk').pluck().get()).toBe(2000);
    reopened.close();
  });

  it('hands checkpoints back to SQLite when the thread fails, so the WAL does not grow without end', async () => {
    const path = tempDb();
    const handle = openDatabase(path);
    migrateDatabase(handle);
    // Given a path where there is no database, the thread cannot open it (it must exist) and fails on
    // start, once the connection has already stopped checkpointing for itself.
    const stop = checkpointInBackground(handle.sqlite, tempDb());
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const autocheckpoint = await until(
      () => handle.sqlite.pragma('wal_autocheckpoint', { simple: true }),
      (pages) => pages === 1000,
    );
    expect(autocheckpoint).toBe(1000);
    // SQLite's own checkpoint: the commit has copied its pages into the database file when it returns.
    const fileBefore = statSync(path).size;
    writeBulk(handle.sqlite);
    expect(statSync(path).size - fileBefore).toBeGreaterThan(8_000_000);
    stop();
    handle.close();
  });

  it('tools that open the database briefly keep SQLite’s own checkpoints', () => {
    const handle = openDatabase(tempDb());
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    handle.close();
  });
});
