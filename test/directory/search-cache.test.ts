import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createCliniciansRepository,
  migrateDatabase,
  openDatabase,
  REVISION_RECHECK_MS,
  seedDemoDirectory,
} from '@cmss/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../booking/fixtures.js';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

/**
 * Search answers are cached per directory revision (revision-cache.ts), which the API does not read
 * again for every answer: only after its own connection wrote, or REVISION_RECHECK_MS later. Another
 * process writing to the same file (npm run retention, a seed) must still be seen.
 */
let dir: string;
let t: DirectoryTestApp | undefined;
beforeEach(() => {
  dir = tempDir('search-cache');
});
afterEach(async () => {
  await t?.app.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('cached search answers', () => {
  it("follow another connection's change, and the API's own change at once", async () => {
    const databasePath = join(dir, 'cmss.db');
    t = await directoryApp({ databasePath, logLevel: 'silent', searchCacheEntries: 100 });
    const hospital = await t.hospital();
    const { id } = await t.clinician({
      hospitalId: hospital.id,
      givenName: 'Ewa',
      familyName: 'Nowak',
      email: 'ewa.nowak@example.org',
    });
    const families = async (q: string, extra = '') => {
      const res = await t!.app.inject({ url: `/api/v1/clinicians?q=${q}${extra}`, headers: t!.admin });
      return res.json().items.map((c: { familyName: string }) => c.familyName);
    };
    // Asked twice, with and without facets, so that each answer below would be a cached one.
    for (let i = 0; i < 2; i++) {
      expect(await families('nowak')).toEqual(['Nowak']);
      expect(await families('nowak', '&facets=true')).toEqual(['Nowak']);
    }

    // Another process deactivates her (the triggers raise the revision in its transaction).
    const other = openDatabase(databasePath);
    other.sqlite
      .prepare("UPDATE clinicians SET status = 'inactive', version = version + 1 WHERE email = ?")
      .run('ewa.nowak@example.org');
    other.close();
    await sleep(REVISION_RECHECK_MS + 5);
    expect(await families('nowak')).toEqual([]);
    expect(await families('nowak', '&facets=true')).toEqual([]);
    expect(await families('nowak', '&status=all')).toEqual(['Nowak']);

    // Through the API: seen by the very next answer, with no wait.
    expect((await t.patchClinician(id, { familyName: 'Wiśniewska' })).statusCode).toBe(200);
    expect(await families('nowak', '&status=all')).toEqual([]);
    expect(await families('wisniewska', '&status=all&facets=true')).toEqual(['Wiśniewska']);
  });

  it("follow another connection's change when this one writes nothing meanwhile", async () => {
    // (Through the API every answer writes an audit entry, which alone makes the next one read the
    // revision again: here nothing does, as when only unaudited reads come.)
    const databasePath = join(dir, 'cmss.db');
    const seeded = openDatabase(databasePath);
    migrateDatabase(seeded);
    seedDemoDirectory(seeded, { clinicians: 383 });
    seeded.close();
    const handle = openDatabase(databasePath);
    const repo = createCliniciansRepository(handle.db, { cacheEntries: 10 });
    const page = () => repo.list({ status: 'active', cursor: null, limit: 1000 }).items.length;
    const before = page();
    expect(page()).toBe(before);
    const other = openDatabase(databasePath);
    other.sqlite.exec(
      "UPDATE clinicians SET status = 'inactive' WHERE id = (SELECT min(id) FROM clinicians)",
    );
    other.close();
    await sleep(REVISION_RECHECK_MS + 5);
    expect(page()).toBe(before - 1);
    handle.close();
  });
});
