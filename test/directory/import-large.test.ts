import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import {
  createCliniciansRepository,
  createCountriesRepository,
  createHospitalsRepository,
  type DatabaseHandle,
  migrateDatabase,
  openDatabase,
} from '@cmss/db';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createImportService, type ImportService } from '../../api/src/directory/import-service.js';

/**
 * Large imports take two shortcuts that must not change their outcome. The dry run classifies a large
 * file's batches on worker threads: every row must get exactly what the dry run decides on its own
 * thread (outcomes, reasons, stored data, rules spanning batches such as a repeated e-mail). A commit
 * that at least doubles the directory drops the secondary indexes and builds them again afterwards:
 * they must come back as they were, whether the commit succeeds or is refused.
 */

const handles: DatabaseHandle[] = [];
const services: ImportService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  for (const h of handles.splice(0)) h.close();
});

/** A directory with two hospitals and three clinicians, identical on every call. */
function directory() {
  const handle = openDatabase(':memory:');
  migrateDatabase(handle);
  createCountriesRepository(handle.db).syncReferenceData();
  handles.push(handle);
  const hospitals = createHospitalsRepository(handle.db);
  const clinicians = createCliniciansRepository(handle.db);
  const base = { referenceCentre: false, networks: [] };
  const created = hospitals.create({ name: 'Szpital Kliniczny', city: 'Łódź', countryCode: 'PL', ...base });
  if (!created.ok) throw new Error('the hospital exists already');
  const lodz = created.record;
  hospitals.create({ name: 'Charité', city: 'Berlin', countryCode: 'DE', ...base });
  for (const n of [1, 2, 3]) {
    clinicians.create({
      title: null,
      givenName: 'Anna',
      familyName: `Existing${n}`,
      role: 'clinician',
      hospitalId: lodz.id,
      email: `existing${n}@example.org`,
      phone: '+48421234567',
      specialties: [],
      languages: ['pl'],
      networks: [],
      contactPerson: false,
    });
  }
  return handle;
}

/** 130 rows: new clinicians (found by hospital id or by name), changes, repeats and broken cells. */
function csv(): string {
  const rows = ['email,given_name,family_name,hospital_id,hospital,country,phone,languages'];
  for (let i = 1; i <= 130; i++) {
    if (i === 7) rows.push(',No,Email,1,,,,');
    else if (i === 40)
      rows.push('person3@example.org,Again,Repeated,1,,,,'); // same e-mail as row 4
    else if (i === 55) rows.push('EXISTING1@example.org,Anna,Existing1,1,,,+48 42 123 45 67,pl');
    else if (i === 70) rows.push('existing2@example.org,Anna,Renamed,1,,,+48421234567,pl');
    else if (i === 90) rows.push(`person${i}@example.org,Bad,Phone,1,,,+48 12,`);
    else if (i === 100) rows.push(`person${i}@example.org,Bad,Language,1,,,,klingon`);
    else if (i === 110) rows.push(`person${i}@example.org,Max,Müller,,Charité,Germany,030 450 50,de`);
    else
      rows.push(`person${i}@example.org,Given${i},Family${i},${(i % 2) + 1},,,+48 42 123 ${1000 + i},pl;en`);
  }
  return rows.join('\n');
}

/** A message posting a batch of rows to a worker thread. */
const isBatch = (message: unknown) => typeof message === 'object' && message !== null && 'rows' in message;

async function dryRun(workers: number) {
  const handle = directory();
  const service = createImportService(handle.db, { workers, batchRows: 25 });
  services.push(service);
  await service.startWorkers();
  const result = await service.dryRun(Readable.from([Buffer.from(csv())]), {
    fileName: 'big.csv',
    createdBy: 'test',
  });
  return { summary: result.import.summary.dryRun, rows: service.imports.rows(result.import.id) };
}

describe('import dry run on worker threads', () => {
  it('decides every row exactly as on the calling thread', { timeout: 60_000 }, async () => {
    const inline = await dryRun(0);
    const sent = vi.spyOn(Worker.prototype, 'postMessage');
    const threaded = await dryRun(2);
    const batchesSent = sent.mock.calls.filter(([m]) => isBatch(m)).length;
    sent.mockRestore();

    // 130 rows in batches of 25: the five full batches went to the threads, the last 5 rows did not.
    expect(batchesSent).toBe(5);
    expect(threaded.summary).toEqual(inline.summary);
    expect(threaded.rows).toEqual(inline.rows);
    expect(inline.summary).toEqual({ rows: 130, created: 123, updated: 1, unchanged: 1, error: 5 });
    const row = (n: number) => threaded.rows.find((r) => r.rowNumber === n + 1)!; // the header is row 1
    expect(JSON.parse(row(7).details!)[0].column).toBe('email');
    // person3, the third data row, again with other values: neither is imported (decided on the calling
    // thread once both were classified, one of them on a worker).
    expect(JSON.parse(row(40).details!)[0].reason).toMatch(/^same e-mail as row 4, with other values/);
    expect(JSON.parse(row(3).details!)[0].reason).toMatch(/^same e-mail as row 41, with other values/);
    expect(JSON.parse(row(90).details!)[0].column).toBe('phone');
    expect(JSON.parse(row(100).details!)[0].reason).toContain('klingon');
    expect(row(110).outcome).toBe('created');
    expect(JSON.parse(row(110).data!)).toMatchObject({
      hospitalId: 2,
      phone: '+493045050',
      familyName: 'Müller',
    });
    expect(row(70)).toMatchObject({ outcome: 'updated', details: '["familyName"]' });
  });

  it('fails a dry run whose thread dies mid-file, keeps nothing of it, and recovers', {
    timeout: 60_000,
  }, async () => {
    const handle = directory();
    const service = createImportService(handle.db, { workers: 2, batchRows: 25 });
    services.push(service);
    await service.startWorkers();
    const post = Worker.prototype.postMessage;
    // The thread given the third batch dies as it receives it (as on an out-of-memory crash).
    let batches = 0;
    const crash = vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker, m) {
      post.call(this, m);
      if (isBatch(m) && ++batches === 3) void this.terminate();
    });
    const file = () => Readable.from([Buffer.from(csv())]);
    try {
      await expect(service.dryRun(file(), { fileName: 'big.csv', createdBy: 'test' })).rejects.toThrow(
        /exited/,
      );
    } finally {
      crash.mockRestore();
    }
    const count = (table: string) => handle.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(count('directory_imports')).toBe(0);
    expect(count('directory_import_rows')).toBe(0);

    // The next dry run gets a replacement thread (and meanwhile classifies on its own thread).
    const again = await service.dryRun(file(), { fileName: 'big.csv', createdBy: 'test' });
    expect(again.import.summary.dryRun).toEqual({
      rows: 130,
      created: 123,
      updated: 1,
      unchanged: 1,
      error: 5,
    });
    await service.startWorkers();
    const sent = vi.spyOn(Worker.prototype, 'postMessage');
    const third = await service.dryRun(file(), { fileName: 'big.csv', createdBy: 'test' });
    expect(sent.mock.calls.filter(([m]) => isBatch(m))).toHaveLength(5);
    sent.mockRestore();
    expect(third.import.summary.dryRun).toEqual(again.import.summary.dryRun);
  });
});

describe('commit of a large import', () => {
  const indexes = (handle: DatabaseHandle) =>
    handle.sqlite
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index'
            AND tbl_name IN ('clinicians', 'clinician_specialties', 'clinician_languages', 'clinician_networks')
          ORDER BY name`,
      )
      .all();
  const newRows = (n: number) =>
    [
      'email,given_name,family_name,hospital_id,languages',
      ...Array.from({ length: n }, (_, i) => `bulk${i}@example.org,Ewa,Nowak${i},1,pl`),
    ].join('\n');

  async function dryRunOf(n: number) {
    const handle = directory();
    const service = createImportService(handle.db, { workers: 0 });
    services.push(service);
    const dry = await service.dryRun(Readable.from([Buffer.from(newRows(n))]), {
      fileName: 'bulk.csv',
      createdBy: 'test',
    });
    return { handle, service, id: dry.import.id, before: indexes(handle) };
  }

  it('rebuilds the indexes it set aside, and search and listings use them', { timeout: 60_000 }, async () => {
    const { handle, service, id, before } = await dryRunOf(6000);
    expect(before.length).toBeGreaterThanOrEqual(7);
    expect(service.commit(id, 'test').summary.commit).toMatchObject({ created: 6000 });

    expect(indexes(handle)).toEqual(before);
    expect(handle.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    handle.sqlite.exec("INSERT INTO clinicians_fts(clinicians_fts, rank) VALUES ('integrity-check', 1)");
    const plan = handle.sqlite
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM clinicians WHERE hospital_id = 1')
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('clinicians_hospital_idx');
    const languagePlan = handle.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT clinician_id FROM clinician_languages WHERE language = 'pl'")
      .all() as { detail: string }[];
    expect(languagePlan.map((p) => p.detail).join()).toContain('clinician_languages_idx');
    const clinicians = createCliniciansRepository(handle.db);
    const found = clinicians.list({ q: 'nowak4321', sort: 'name', cursor: null, limit: 5 });
    expect(found.items.map((c) => c.email)).toEqual(['bulk4321@example.org']);
  });

  it('leaves the directory and its indexes as they were when refused', { timeout: 60_000 }, async () => {
    const { handle, service, id, before } = await dryRunOf(6000);
    // Someone adds one of the file's clinicians after the dry run: the commit must refuse, whole.
    createCliniciansRepository(handle.db).create({
      title: null,
      givenName: 'Ewa',
      familyName: 'Nowak',
      role: 'clinician',
      hospitalId: 1,
      email: 'bulk3000@example.org',
      phone: null,
      specialties: [],
      languages: [],
      networks: [],
      contactPerson: false,
    });
    expect(() => service.commit(id, 'test')).toThrow(/Row 3002: bulk3000@example.org was added/);
    expect(indexes(handle)).toEqual(before);
    expect(handle.sqlite.prepare('SELECT count(*) FROM clinicians').pluck().get()).toBe(4);
    expect(handle.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
