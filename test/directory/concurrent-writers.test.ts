import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

/**
 * The API shares its database file with other writers: the retention job runs as a process of its own
 * (npm run retention), and the snapshot reader of exports is a second connection. A transaction that
 * reads and then writes must take the write lock before its first read. Started as a plain (deferred)
 * BEGIN, it reads a snapshot, waits for the other writer's lock, and then fails at once with
 * SQLITE_BUSY (its snapshot is stale) instead of carrying on: a 500 for a request that only had to wait.
 */

let dir: string;
let t: DirectoryTestApp | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmss-writers-'));
});
afterEach(async () => {
  await t?.app.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Another process at work: a thread with a connection of its own takes the write lock, writes an audit
 * entry, and commits `holdMs` later. Resolves once it holds the lock; `committed` when it let go.
 */
async function otherWriter(path: string, holdMs: number): Promise<{ committed: Promise<void> }> {
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const Database = require(workerData.betterSqlite);
     const db = new Database(workerData.path);
     db.pragma('busy_timeout = 5000');
     db.exec('BEGIN IMMEDIATE');
     db.prepare("INSERT INTO audit_log (at, actor, actor_role, action, entity) VALUES (?, 'retention', 'system', 'purge', 'booking')")
       .run(new Date().toISOString());
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { path, holdMs, betterSqlite } },
  );
  const committed = new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
  await new Promise((resolve) => worker.once('message', resolve));
  return { committed };
}

describe('writes while another connection holds the write lock', () => {
  it('wait for it and succeed: a clinician PATCH and an import commit', async () => {
    const databasePath = join(dir, 'cmss.db');
    t = await directoryApp({ databasePath, logLevel: 'silent' });
    const h = await t.hospital();
    const c = await t.clinician({ hospitalId: h.id, email: 'anna@example.org' });

    const other = await otherWriter(databasePath, 300);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/clinicians/${c.id}`,
      headers: { ...t.admin, 'if-match': '*' },
      payload: { title: 'Prof.' },
    });
    await other.committed;
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ title: 'Prof.', version: 2 });

    const dry = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?fileName=writers.csv',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: `email,given_name,family_name,hospital_id\nnew@example.org,Jan,Nowak,${h.id}\n`,
    });
    expect(dry.statusCode, dry.body).toBe(201);
    const meanwhile = await otherWriter(databasePath, 300);
    const committed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${dry.json().import.id}/commit`,
      headers: t.admin,
    });
    await meanwhile.committed;
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json().summary.commit).toMatchObject({ created: 1 });

    // The other writer's entries are there too.
    const purges = t.app.database.sqlite
      .prepare("SELECT count(*) FROM audit_log WHERE actor = 'retention'")
      .pluck()
      .get();
    expect(purges).toBe(2);
  });
});
