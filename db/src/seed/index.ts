import type Database from 'better-sqlite3';
import type { DatabaseHandle } from '../client.js';
import { createCountriesRepository } from '../repositories/countries.js';
import { createDirectorySearchRepository } from '../repositories/directory-search.js';
import { nextId, type SchemaObject, setAside, writeTransaction } from '../repositories/raw-sqlite.js';
import { DEFAULT_CLINICIANS, DEFAULT_SEED, generateDirectory } from './generate.js';

export {
  DEFAULT_CLINICIANS,
  DEFAULT_SEED,
  DEMO_HOSPITAL_COUNT,
  type GeneratedDirectory,
  type GenerateOptions,
  generateDirectory,
  MAX_CLINICIANS,
  SEED_TIMESTAMP,
  type SeedClinicianRow,
  type SeedHospitalRow,
  type SeedHostAccountRow,
} from './generate.js';
export { createRandom, type Random } from './random.js';

export interface SeedOptions {
  seed?: number;
  clinicians?: number;
}

export interface SeedCounts {
  hospitals: number;
  clinicians: number;
  hostAccounts: number;
}

export function isDirectoryEmpty(handle: DatabaseHandle): boolean {
  return handle.sqlite.prepare('SELECT 1 FROM hospitals LIMIT 1').get() === undefined;
}

/** Tables the seed fills, children after parents. */
const SEEDED_TABLES = [
  'hospitals',
  'hospital_networks',
  'clinicians',
  'clinician_specialties',
  'clinician_languages',
  'clinician_networks',
  'host_accounts',
] as const;

/**
 * Fills an empty directory with the fictional demo data, in one transaction. Raw prepared statements
 * rather than drizzle, multi-row VALUES, and secondary indexes rebuilt once at the end: 100,000
 * clinicians are about half a million rows, and per-row overhead or random index inserts would
 * dominate the run time.
 */
export function seedDemoDirectory(handle: DatabaseHandle, opts: SeedOptions = {}): SeedCounts {
  const data = generateDirectory({
    seed: opts.seed ?? DEFAULT_SEED,
    clinicians: opts.clinicians ?? DEFAULT_CLINICIANS,
  });
  const { sqlite } = handle;

  // IMMEDIATE takes the write lock up front, so a concurrent seeder cannot slip in between the
  // emptiness check and the inserts.
  const seed = sqlite.transaction(() => {
    if (!isDirectoryEmpty(handle)) {
      throw new Error('The directory already has hospitals; clear it before seeding demo data');
    }
    // Hospitals reference countries, so the reference data must exist first.
    createCountriesRepository(handle.db).syncReferenceData();

    // The tables' indexes are built once the rows are in.
    const indexes = sqlite
      .prepare<string[], SchemaObject>(
        `SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${SEEDED_TABLES.map(() => '?').join(', ')})`,
      )
      .all(...SEEDED_TABLES);
    setAside(sqlite, 'INDEX', indexes, () => {
      const insertHospital = sqlite.prepare(
        `INSERT INTO hospitals (name, city, country_code, reference_centre, status, created_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
      );
      const hospitalNetworks = batchInsert(sqlite, 'hospital_networks (hospital_id, network)', 2);
      const hospitalIds: number[] = [];
      for (const h of data.hospitals) {
        const { lastInsertRowid } = insertHospital.run(
          h.name,
          h.city,
          h.countryCode,
          h.referenceCentre ? 1 : 0,
          h.status,
          h.createdAt,
          h.updatedAt,
        );
        const id = Number(lastInsertRowid);
        hospitalIds.push(id);
        for (const network of h.networks) hospitalNetworks.add(id, network);
      }
      hospitalNetworks.flush();

      // Explicit ids let clinicians and their junction rows go in batches without reading back rowids.
      const firstId = nextId(sqlite, 'clinicians');
      const clinicians = batchInsert(
        sqlite,
        `clinicians (id, title, given_name, family_name, role, hospital_id, email, email_normalised, phone,
         contact_person, status, created_at, updated_at, version)`,
        14,
      );
      const specialties = batchInsert(sqlite, 'clinician_specialties (clinician_id, specialty)', 2);
      const languages = batchInsert(sqlite, 'clinician_languages (clinician_id, language)', 2);
      const networks = batchInsert(sqlite, 'clinician_networks (clinician_id, network)', 2);
      data.clinicians.forEach((c, i) => {
        clinicians.add(
          firstId + i,
          c.title,
          c.givenName,
          c.familyName,
          c.role,
          hospitalIds[c.hospitalIndex],
          c.email,
          c.emailNormalised,
          c.phone,
          c.contactPerson ? 1 : 0,
          c.status,
          c.createdAt,
          c.updatedAt,
          1,
        );
      });
      // Junction rows only after every clinician row is in: foreign keys are checked per statement.
      clinicians.flush();
      data.clinicians.forEach((c, i) => {
        const id = firstId + i;
        for (const s of c.specialties) specialties.add(id, s);
        for (const l of c.languages) languages.add(id, l);
        for (const n of c.networks) networks.add(id, n);
      });
      for (const batch of [specialties, languages, networks]) batch.flush();

      const hosts = batchInsert(
        sqlite,
        'host_accounts (email, display_name, capacity, webinar_capable, active, created_at)',
        6,
      );
      for (const a of data.hostAccounts) {
        hosts.add(
          a.email,
          a.displayName,
          a.capacity,
          a.webinarCapable ? 1 : 0,
          a.active ? 1 : 0,
          a.createdAt,
        );
      }
      hosts.flush();
    });
  });
  seed.immediate();
  // Raw inserts bypass the repositories that compute the folded search columns; fill them now so the
  // seeded directory is searchable (accent- and script-insensitive) straight away.
  createDirectorySearchRepository(handle.db).rebuild();

  return {
    hospitals: data.hospitals.length,
    clinicians: data.clinicians.length,
    hostAccounts: data.hostAccounts.length,
  };
}

/** Whole statements of ROWS_PER_INSERT rows; SQLite's default limit is 32,766 bound variables. */
const ROWS_PER_INSERT = 200;

function batchInsert(sqlite: Database.Database, target: string, columns: number) {
  const row = `(${new Array(columns).fill('?').join(', ')})`;
  const statement = (rows: number) =>
    sqlite.prepare(`INSERT INTO ${target} VALUES ${new Array(rows).fill(row).join(', ')}`);
  const full = statement(ROWS_PER_INSERT);
  let params: unknown[] = [];
  return {
    add(...values: unknown[]): void {
      for (const v of values) params.push(v);
      if (params.length === columns * ROWS_PER_INSERT) {
        full.run(params);
        params = [];
      }
    },
    flush(): void {
      if (params.length > 0) statement(params.length / columns).run(params);
      params = [];
    },
  };
}

/**
 * Empties the directory for a re-seed. Conference requests and bookings point at clinicians,
 * hospitals and host accounts, so they go too. Ids restart at 1, which keeps a reset database
 * identical to a fresh one.
 */
export function clearDirectory(handle: DatabaseHandle): void {
  const { sqlite } = handle;
  // Every referencing table is emptied here, so the per-row foreign-key work (cascades, SET NULL
  // look-ups) is pure overhead, and it also disables SQLite's fast whole-table delete. The pragma
  // is a no-op inside a transaction; then the deletes are merely slower.
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys && !sqlite.inTransaction) sqlite.pragma('foreign_keys = OFF');
  try {
    writeTransaction(sqlite, () => {
      for (const table of CLEARED_TABLES) sqlite.prepare(`DELETE FROM ${table}`).run();
      const hasSequence = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
      if (hasSequence) {
        sqlite
          .prepare(`DELETE FROM sqlite_sequence WHERE name IN (${CLEARED_TABLES.map(() => '?').join(', ')})`)
          .run(...CLEARED_TABLES);
      }
    });
  } finally {
    if (foreignKeys) sqlite.pragma('foreign_keys = ON');
  }
}

/** Children before parents, so the order is also valid with foreign keys enforced. */
const CLEARED_TABLES = [
  'booking_participants',
  'bookings',
  'request_windows',
  'request_events',
  'request_invitees',
  'conference_requests',
  'clinician_specialties',
  'clinician_languages',
  'clinician_networks',
  'clinicians',
  'hospital_networks',
  'hospitals',
  'host_accounts',
] as const;
