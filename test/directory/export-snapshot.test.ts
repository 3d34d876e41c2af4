import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCliniciansRepository,
  type DatabaseHandle,
  migrateDatabase,
  openDatabase,
  readSnapshot,
  seedDemoDirectory,
} from '@cmss/db';
import type { Clinician } from '@cmss/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xlsxStream } from '../../api/src/directory/spreadsheet/write.js';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

/**
 * An export is read page by page while it downloads. Without one snapshot for all its pages, a change
 * committed meanwhile shows in some pages and not others: a clinician renamed across the cursor comes
 * twice (and the export no longer imports back: "same e-mail as row …").
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cmss-snapshot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the directory 100 clinicians a page and, after the first page, commits three changes. */
function readWhileChanging(handle: DatabaseHandle, reads: Iterable<Clinician>): Clinician[] {
  const sqlite = handle.sqlite;
  const email = `new${sqlite.prepare('SELECT count(*) FROM clinicians').pluck().get()}@example.org`;
  const seen: Clinician[] = [];
  for (const c of reads) {
    seen.push(c);
    if (seen.length !== 100) continue;
    // The first clinician by name is renamed to sort last; one not read yet gets a new phone; a new
    // clinician is added at the end.
    sqlite
      .prepare("UPDATE clinicians SET family_name = 'Zzyzx', sort_name = 'zzyzx' WHERE id = ?")
      .run(seen[0]!.id);
    sqlite.prepare("UPDATE clinicians SET phone = '+4930123456' WHERE id = ?").run(seen.at(-1)!.id + 1);
    sqlite.exec(`INSERT INTO clinicians (given_name, family_name, sort_name, role, hospital_id, email,
                   email_normalised, contact_person, status, created_at, updated_at, version)
                 SELECT 'New', 'Zzz', 'zzz', 'clinician', hospital_id, '${email}', '${email}',
                        0, 'active', created_at, updated_at, 1 FROM clinicians LIMIT 1`);
  }
  return seen;
}

describe('readSnapshot', () => {
  it('sees the directory as it was when the reads began, across pages and commits', () => {
    const handle = openDatabase(join(dir, 'cmss.db'));
    migrateDatabase(handle);
    seedDemoDirectory(handle, { clinicians: 800 });
    const repo = createCliniciansRepository(handle.db);
    const before = [...repo.iterate({}, 100)];
    expect(before).toHaveLength(800);

    const seen = readWhileChanging(
      handle,
      readSnapshot(handle, (db) => createCliniciansRepository(db).iterate({}, 100)),
    );
    expect(seen).toEqual(before);

    // The same reads without a snapshot, for contrast: the renamed clinician comes twice.
    const again = [...repo.iterate({}, 100)];
    const unsnapshotted = readWhileChanging(handle, repo.iterate({}, 100));
    expect(unsnapshotted.length).toBe(again.length + 2);
    handle.close();
  });
});

/**
 * Whether a reader still holds an older snapshot of the database file: after a write, a checkpoint
 * that truncates the WAL must wait for every reader still reading an older state (`busy`).
 */
function snapshotHeld(sqlite: DatabaseHandle['sqlite']): boolean {
  sqlite.prepare("UPDATE clinicians SET title = 'Dr.' WHERE id = (SELECT min(id) FROM clinicians)").run();
  sqlite.pragma('busy_timeout = 0');
  try {
    // The app's background checkpoint thread makes a truncation busy too while it copies pages (a
    // moment, longer under load): a reader holds the snapshot only if it stays busy through ten tries.
    for (let attempt = 0; attempt < 10; attempt++) {
      const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result!.busy !== 1) return false;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    return true;
  } finally {
    sqlite.pragma('busy_timeout = 5000');
  }
}

describe('the export of a directory in a database file', () => {
  let t: DirectoryTestApp | undefined;
  afterEach(async () => {
    await t?.app.close();
    t = undefined;
  });

  it('reads in one snapshot, released when the download ends or is abandoned', async () => {
    t = await directoryApp({ databasePath: join(dir, 'cmss.db') });
    seedDemoDirectory(t.app.database, { clinicians: 3000 });
    const sqlite = t.app.database.sqlite;
    expect(snapshotHeld(sqlite)).toBe(false);

    const whole = await t.app.inject({ url: '/api/v1/exports/directory.csv?status=all', headers: t.admin });
    expect(whole.statusCode).toBe(200);
    expect(whole.body.trim().split('\r\n')).toHaveLength(3001);
    expect(snapshotHeld(sqlite)).toBe(false);

    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    for (const format of ['csv', 'xlsx']) {
      let heldDuring: boolean | undefined;
      await new Promise<void>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: `/api/v1/exports/directory.${format}?status=all`,
            headers: t!.admin,
          },
          (res) =>
            res.once('data', () => {
              heldDuring = snapshotHeld(sqlite);
              req.destroy(); // after the first bytes, with most of the directory still to read
            }),
        );
        req.on('close', resolve);
        req.on('error', (error) =>
          (error as { code?: string }).code === 'ECONNRESET' ? null : reject(error),
        );
        req.end();
      });
      expect(heldDuring, format).toBe(true);
      // The export notices the abandoned download when it next writes: under a full test run's load
      // that was once later than expect.poll's default second.
      await expect.poll(() => snapshotHeld(sqlite), { message: format, timeout: 10_000 }).toBe(false);
    }
  });

  it('ends a download whose client stopped reading, releasing the snapshot it held', async () => {
    t = await directoryApp({ databasePath: join(dir, 'cmss.db'), exportStallSeconds: 0.5 });
    seedDemoDirectory(t.app.database, { clinicians: 383 });
    const sqlite = t.app.database.sqlite;
    // Each download far larger than the socket buffers of a client that reads nothing hold (a few MB),
    // so the server has to wait for it: 20 MB of audit trail, 7 MB of directory.
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80000)
      INSERT INTO audit_log (at, actor, actor_role, action, entity, entity_id, fields, request_id, details)
      SELECT '2026-11-01T00:00:00.000Z', 'apikey:1', 'admin', 'read', 'clinician', i, '["email"]',
             'request-' || i, '{"q":"' || hex(randomblob(64)) || '"}' FROM n`);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)
      INSERT INTO clinicians (given_name, family_name, sort_name, role, hospital_id, email, email_normalised,
                              contact_person, status, created_at, updated_at, version)
      SELECT hex(randomblob(50)), hex(randomblob(50)), 'x' || i, 'clinician', 1, 'bulk' || i || '@example.org',
             'bulk' || i || '@example.org', 0, 'active', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 1
        FROM n`);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    for (const [path, rows] of [
      ['/api/v1/audit/export', 80_000],
      ['/api/v1/exports/directory.csv?status=all', 25_383],
    ] as const) {
      const socket = connect(port, '127.0.0.1');
      socket.pause(); // reads nothing
      const headers = Object.entries(t.admin).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`GET ${path} HTTP/1.1\r\nhost: localhost\r\n${headers.join('')}\r\n`);
      await expect.poll(() => snapshotHeld(sqlite), { message: path }).toBe(true);
      // Nothing is read for longer than EXPORT_STALL_SECONDS: the server ends the download.
      await expect
        .poll(() => snapshotHeld(sqlite), { timeout: 10_000, interval: 200, message: path })
        .toBe(false);
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.resume();
      await once(socket, 'close');
      const body = Buffer.concat(received).toString('latin1');
      expect(body, path).toMatch(/^HTTP\/1\.1 200/);
      // Cut off: no last chunk, and not every row.
      expect(body.endsWith('0\r\n\r\n'), path).toBe(false);
      expect(body.split('\r\n').length, path).toBeLessThan(rows);
    }
  });
});

describe('an XLSX download', () => {
  it('reads rows only as fast as its client takes the file', async () => {
    let read = 0;
    // Rows that compress little, as a directory's do: random hex in two cells.
    const rows = (function* () {
      for (read = 0; read < 60_000; read++) {
        const noise = randomBytes(32).toString('hex');
        yield [
          `person${read}@example.org`,
          noise.slice(0, 32),
          noise.slice(32),
          `Family${read}`,
          String(read),
        ];
      }
    })();
    const out = xlsxStream(rows);
    // Nobody reads the file: rows stop being read once the stream is full (some 9,000 rows).
    await expect.poll(() => read, { timeout: 10_000 }).toBeGreaterThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const waiting = read;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(read).toBe(waiting);
    expect(waiting).toBeLessThan(60_000);
    // Once it is read, the rest follows: a whole workbook.
    const chunks: Buffer[] = [];
    for await (const chunk of out) chunks.push(chunk as Buffer);
    expect(read).toBe(60_000);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe('PK');
  });
});
